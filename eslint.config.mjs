// ESLint flat config: the recommended rules, type-only imports, and the module boundaries of docs/architecture.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['@roster/user-service', '@roster/gateway', '@roster/projector', '@roster/relay'];
const PACKAGE_DIRS =
  'domain|event-store|read-model|personal-data|config|stores|messaging|user-service-contract|' +
  'user-service|gateway|projector|relay|roster|bench|user-events-consumer';

// A relative import that climbs into another app or lib bypasses the @roster/* aliases and every boundary below.
const noRelativeEscape = {
  regex: `^(\\.\\./)+((libs|apps)/|(${PACKAGE_DIRS})/src(/|$))`,
  message: 'Import another app or lib through its @roster/* alias, not a relative path.',
};
const noApps = {
  group: APPS.flatMap((name) => [name, `${name}/*`]),
  message: 'Libraries never import apps.',
};
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'bench-results/**',
      'test/digit-clients/target/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // typescript-eslint 8 reads these to keep imports that decorator metadata needs (Nest DI) as values.
        emitDecoratorMetadata: true,
        experimentalDecorators: true,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Nest modules and markers are declared as empty decorated classes (`@Module(...) class X {}`).
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    // Tests read loosely typed JSON bodies and poke at DIGIT's shapes; `any` there is deliberate.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/**/*.ts'],
    // apps/bench drives whole apps (apps/roster has no alias), as the tests do; it is exempt like test/.
    ignores: ['apps/bench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRelativeEscape] }] },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRelativeEscape, noApps] }] },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noRelativeEscape,
            { regex: '^\\.\\./\\.\\./\\.\\./', message: 'The domain imports nothing outside libs/domain.' },
            { group: ['@roster/*', '@nestjs/*', '@kurrent/*'], message: 'The domain imports nothing outside itself.' },
            {
              group: ['better-sqlite3', 'mongodb', 'kafkajs', ...NODE_IO.flatMap((m) => [m, `node:${m}`])],
              message: 'The domain does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/gateway/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noRelativeEscape,
            {
              group: ['@roster/user-service', '@roster/user-service/*', '@roster/stores', '@roster/stores/*'],
              message: 'The gateway reaches the user service over its contract; it never loads it or the stores.',
            },
            {
              group: ['@roster/event-store/*', '@roster/read-model/*'],
              message: 'The gateway may use the ports and errors from the main entry, never a store adapter.',
            },
            {
              group: ['better-sqlite3', 'mongodb', '@kurrent/*', '@node-rs/argon2'],
              message: 'The gateway opens no store and hashes no password.',
            },
          ],
        },
      ],
    },
  },
);

// Shared by every test tier; each tier picks its files by suffix.
const path = require('node:path');
const root = path.resolve(__dirname, '..');

module.exports = {
  rootDir: root,
  moduleFileExtensions: ['js', 'json', 'ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.json') }] },
  moduleNameMapper: {
    '^@roster/messaging/testing$': '<rootDir>/libs/messaging/src/testing',
    // Adapters have entries of their own, so that loading a port loads no database driver.
    '^@roster/event-store/(sqlite|memory|kurrentdb|testing)$': '<rootDir>/libs/event-store/src/$1',
    '^@roster/read-model/(sqlite|mongodb)$': '<rootDir>/libs/read-model/src/$1',
    '^@roster/personal-data/(memory|sqlite|mongodb)$': '<rootDir>/libs/personal-data/src/$1',
    '^@roster/(domain|event-store|read-model|config|stores|personal-data|messaging|user-service-contract|observability)$':
      '<rootDir>/libs/$1/src',
    '^@roster/(user-service|projector|gateway|relay)$': '<rootDir>/apps/$1/src',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

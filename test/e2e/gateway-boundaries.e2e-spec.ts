import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/roster-harness';

/** Packages only a process that opens a store or hashes passwords needs; a gateway on its own must not load them. */
const FORBIDDEN = /\/node_modules\/(mongodb|better-sqlite3|@kurrent\/[^/]+|@node-rs\/argon2[^/]*)\//;

const GATEWAY_MAIN = join(ROOT, 'dist/apps/gateway/src/main.js');

/**
 * In a fresh process, loads `modules` (compiled files; for a main module: everything it requires, without
 * running it) and answers every file then in require.cache. A fresh process, because this one has loaded
 * the stores already.
 */
function filesLoadedBy(modules: Array<{ file: string; importsOnly?: boolean }>): string[] {
  const load = String.raw`
    const { createRequire } = require('node:module');
    const { readFileSync } = require('node:fs');
    for (const { file, importsOnly } of JSON.parse(process.argv[1])) {
      const requireFrom = createRequire(file);
      const ids = importsOnly ? [...readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]) : [file];
      for (const id of ids) requireFrom(id);
    }
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));
  `;
  const result = spawnSync(process.execPath, ['-e', load, JSON.stringify(modules)], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`loading ${modules.map((m) => m.file).join(', ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

function forbiddenPackagesIn(files: string[]): string[] {
  return [...new Set(files.flatMap((file) => FORBIDDEN.exec(file)?.[1] ?? []))].sort();
}

describe('the compiled gateway loads no store driver and no password hashing', () => {
  it('loads neither with its module nor with what its main module imports', () => {
    const loaded = filesLoadedBy([
      { file: join(ROOT, 'dist/apps/gateway/src/gateway.module.js') },
      { file: GATEWAY_MAIN, importsOnly: true },
    ]);

    expect(loaded).toContain(join(ROOT, 'dist/apps/gateway/src/http-app.js'));
    expect(forbiddenPackagesIn(loaded)).toEqual([]);
  });

  // Shows the check sees a driver when one is loaded, so an empty answer above means something. The all-in-one
  // module loads the embedded store's driver; a server's driver only once the configuration names that server, and
  // the password hashers only on the user-service's hashing threads.
  it('sees the driver the all-in-one module loads, and only that one', () => {
    const loaded = filesLoadedBy([{ file: join(ROOT, 'dist/apps/roster/src/roster.module.js') }]);

    expect(forbiddenPackagesIn(loaded)).toEqual(['better-sqlite3']);
  });
});

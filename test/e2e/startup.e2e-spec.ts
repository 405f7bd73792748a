import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, ROOT } from './support/roster-harness';

/** Bad configuration or an unusable store ends the start with one clear line naming the variable. */
describe('start-up of the all-in-one process', () => {
  const dataDir = makeDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function start(env: Record<string, string>) {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps/roster/src/main.js')], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, stderrLines: result.stderr.trim().split('\n') };
  }

  it.each([
    [{ PORT: 'abc' }, 'invalid configuration: PORT must be a whole number, got "abc"'],
    [
      { EVENT_STORE: 'postgres' },
      'invalid configuration: EVENT_STORE must be one of sqlite, memory, kurrentdb, got "postgres"',
    ],
    [{ READ_MODEL: 'mongodb' }, 'invalid configuration: MONGO_URL must be set for the selected store'],
    [
      { ROSTER_BOOTSTRAP_API_KEY: 'short' },
      'invalid configuration: ROSTER_BOOTSTRAP_API_KEY must be at least 24 characters without spaces',
    ],
  ])('%o is refused', (env, line) => {
    const { status, stderrLines } = start(env);
    expect(status).toBe(1);
    expect(stderrLines).toEqual([line]);
  });

  it('an unreachable event store server is named, without its credentials', () => {
    const { status, stderrLines } = start({
      EVENT_STORE: 'kurrentdb',
      EVENTSTORE_URL: 'kurrentdb://admin:secret@127.0.0.1:1?tls=false',
      ROSTER_CONNECT_TIMEOUT_MS: '3000',
      ROSTER_SECRET: 'a-startup-test-secret-of-32-characters',
    });
    expect(status).toBe(1);
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toMatch(
      /^Roster failed to start: cannot start: EVENTSTORE_URL \(kurrentdb:\/\/admin:\*\*\*@127\.0\.0\.1:1\?tls=false\) is unreachable: /,
    );
  });

  it('KurrentDB without ROSTER_SECRET is refused before connecting: each process would wrap keys under its own secret', () => {
    const { status, stderrLines } = start({
      EVENT_STORE: 'kurrentdb',
      EVENTSTORE_URL: 'kurrentdb://127.0.0.1:1?tls=false',
    });
    expect(status).toBe(1);
    expect(stderrLines).toEqual([
      'Roster failed to start: invalid configuration: ROSTER_SECRET must be set with EVENT_STORE=kurrentdb: every process opening the store unwraps the keys of personal data with it',
    ]);
  });

  it('a DATA_DIR that cannot hold the stores is named', () => {
    const notADirectory = join(dataDir, 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    const { status, stderrLines } = start({ DATA_DIR: notADirectory });
    expect(status).toBe(1);
    expect(stderrLines.at(-1)).toMatch(/^Roster failed to start: cannot start: DATA_DIR \(.*a-file\) is unreachable: /);
  });
});

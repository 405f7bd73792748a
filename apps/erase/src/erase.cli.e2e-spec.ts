import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMarkers } from '../../../test/e2e/support/marker-scan';
import type { SpawnedRoster } from '../../../test/e2e/support/roster-harness';
import { freePort, killHard, makeDataDir, ROOT, spawnRoster } from '../../../test/e2e/support/roster-harness';

// The embedded stores whatever the suite's environment says: the command and Roster share DATA_DIR.
const EMBEDDED = { EVENT_STORE: 'sqlite', READ_MODEL: 'sqlite', EVENTSTORE_URL: '', MONGO_URL: '', KAFKA_BROKERS: '' };

interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built command (`npm run erase` without the build step), stdin a pipe: no terminal, as in CI. */
function erase(dataDir: string, args: string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/erase/src/erase.cli.js'), ...args], {
      env: { ...process.env, ...EMBEDDED, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run erase', () => {
  const dataDirs: string[] = [];
  const running: SpawnedRoster[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((roster) => killHard(roster.process)));
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string, port: number): Promise<SpawnedRoster> {
    const roster = await spawnRoster(dataDir, port, EMBEDDED);
    running.push(roster);
    return roster;
  }

  it('erases one id or a file of ids beside a running Roster, saying per id what became of it', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const { client } = await start(dataDir, await freePort());
    const create = async (body: Record<string, unknown>) => {
      const answer = await client.post('/users', { last_name: 'Erasable', ...body });
      expect(answer.status).toBe(201);
      return answer.body.id as string;
    };
    const lone = await create({ first_name: 'Lone', email: 'lone.erasable@example.com' });
    const parent = await create({ first_name: 'Parent' });
    const child = await create({ first_name: 'Child', parent_user_id: parent });
    const unknown = randomUUID();

    const wrongTenant = await erase(dataDir, ['--tenant', 'other', '--id', lone]);
    expect(wrongTenant.code).toBe(1);
    expect(wrongTenant.stdout.split('\n')[0]).toBe(`${lone} refused: belongs to another tenant`);
    expect((await client.get(`/users/${lone}`)).status).toBe(200);

    const one = await erase(dataDir, ['--tenant', 'default', '--id', lone]);
    // stdout is the record of the erasure; stderr may carry the stores' warnings.
    expect(one).toMatchObject({
      code: 0,
      stdout: `${lone} erased\n1 requested: 1 erased, 0 already erased, 0 not found, 0 refused, 0 failed\n`,
    });
    expect((await client.get(`/users/${lone}`)).status).toBe(410);

    const file = join(dataDir, 'ids.txt');
    writeFileSync(file, `# erasure requests of the week\n${lone}\n${parent}\n\n${unknown}\n${child}\n`);
    const unconfirmed = await erase(dataDir, ['--tenant', 'default', '--file', file]);
    expect(unconfirmed).toEqual({
      code: 2,
      stdout: '',
      stderr: 'stdin is no terminal to confirm on: give --yes to erase the users in the file\n',
    });
    expect((await client.get(`/users/${child}`)).status).toBe(200);

    const batch = await erase(dataDir, ['--tenant', 'default', '--file', file, '--yes']);
    expect(batch.code).toBe(1);
    expect(batch.stdout.split('\n')).toEqual([
      `${lone} already erased`,
      `${parent} refused: the user has 1 child: erase them or give them another parent first`,
      `${unknown} not found`,
      `${child} erased`,
      '4 requested: 1 erased, 1 already erased, 1 not found, 1 refused, 0 failed',
      '',
    ]);
    // Without its child the parent can go; the output names ids only, never what the users were called.
    const again = await erase(dataDir, ['--tenant', 'default', '--id', parent]);
    expect(again.code).toBe(0);
    for (const run of [one, batch, again]) expect(run.stdout).not.toMatch(/Lone|Parent|Child|Erasable|example\.com/);
    for (const id of [parent, child]) expect((await client.get(`/users/${id}`)).status).toBe(410);
  });

  it('erases with Roster stopped, leaving the person in no file, and Roster answers 410 when it starts again', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const port = await freePort();
    const first = await start(dataDir, port);
    const marker = `m${randomUUID().replace(/-/g, '').slice(0, 11)}`;
    const created = await first.client.post('/users', {
      first_name: `Ann${marker}`,
      last_name: 'Doe',
      email: `${marker}@example.com`,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const read = await first.client.get(`/users/${id}`, {
      'x-consistency-token': created.headers.get('x-consistency-token')!,
    });
    expect(read.status).toBe(200);
    await killHard(first.process);
    expect(findMarkers(dataDir, [marker]).length).toBeGreaterThan(0);

    const run = await erase(dataDir, ['--tenant', 'default', '--id', id]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^${id} erased\n`)) });
    // No projector ran: the command applied the erasure to the read model itself, and checkpointed every file.
    expect(findMarkers(dataDir, [marker])).toEqual([]);

    const second = await start(dataDir, port);
    expect((await second.client.get(`/users/${id}`)).status).toBe(410);
    const search = await second.client.post('/users:search', { email: marker });
    expect(search.body.data).toEqual([]);
    expect(findMarkers(dataDir, [marker])).toEqual([]);
  });
});

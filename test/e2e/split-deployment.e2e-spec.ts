import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import type { HttpAnswer } from './support/http-client';
import { HttpClient } from './support/http-client';
import { ClientTCP } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import type { SpawnedRoster } from './support/roster-harness';
import {
  BOOTSTRAP_KEY,
  freePort,
  killHard,
  makeDataDir,
  SHARED_SECRET,
  spawnApp,
  waitForOutput,
  waitUntilHealthy,
} from './support/roster-harness';
import { storeEnvFromProcess } from './support/store-env';

type Spawned = Omit<SpawnedRoster, 'client'>;

/** gateway, user-service and projector as separate processes, the gateway reaching the user-service over TCP. */
describe('split deployment', () => {
  const dataDir = makeDataDir();
  const stores = storeEnvFromProcess();
  const running: Spawned[] = [];
  let api: HttpClient;
  let userServiceEnv: Record<string, string>;

  const start = (app: string, env: Record<string, string>) => {
    const spawned = spawnApp(app, env);
    running.push(spawned);
    return spawned;
  };

  beforeAll(async () => {
    const [httpPort, userServicePort] = [await freePort(), await freePort()];
    userServiceEnv = {
      DATA_DIR: dataDir,
      USER_SERVICE_PORT: String(userServicePort),
      ROSTER_SECRET: SHARED_SECRET,
      ...stores.env,
    };
    start('user-service', userServiceEnv);
    // LOG_LEVEL log: the projector says when it starts projecting (below).
    // The projector opens the keys of personal data with the same secret as the user-service that wrapped them.
    const projector = start('projector', {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'log',
      ROSTER_SECRET: SHARED_SECRET,
      ...stores.env,
    });
    const gateway = start('gateway', {
      PORT: String(httpPort),
      USER_SERVICE_PORT: String(userServicePort),
      ROSTER_SECRET: SHARED_SECRET,
    });
    api = new HttpClient(`http://127.0.0.1:${httpPort}`, BOOTSTRAP_KEY);
    await waitUntilHealthy(api, gateway.process, () => running.map((process) => process.output()).join('\n'));
    // The first reads wait (bounded) for the projector; on a cold MongoDB it first builds its indexes.
    await waitForOutput(projector, 'projecting from position');
  });

  afterAll(async () => {
    await Promise.all(running.map((spawned) => killHard(spawned.process)));
    await stores.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates, updates and re-parents through the gateway; the projector process makes it readable', async () => {
    const parent = await api.post('/users', { first_name: 'Pia', last_name: 'Parent', user_name: 'pia' });
    expect(parent.status).toBe(201);
    const child = await api.post('/users', { first_name: 'Carl', last_name: 'Child', parent_user_id: parent.body.id });
    expect(child.status).toBe(201);
    const updated = await api.put(`/users/${child.body.id}`, { parent_user_id: null, middle_name: 'M' });
    expect(updated.status).toBe(200);
    const token = { 'x-consistency-token': updated.headers.get('x-consistency-token') as string };

    expect((await api.get(`/users/${child.body.id}`, token)).body).toMatchObject({
      middle_name: 'M',
      parent_user_id: null,
    });
    expect((await api.get(`/users/${parent.body.id}/children`, token)).body.data).toEqual([]);
    expect(
      (await api.post('/users:search', { name: 'pia' }, token)).body.data.map((user: { id: string }) => user.id),
    ).toEqual([parent.body.id]);

    // History and time travel cross the TCP hop too; the acting key reaches the user-service with the writes.
    const types = (answer: { body: { data: { type: string }[] } }) => answer.body.data.map((entry) => entry.type);
    const history = await api.get(`/users/${child.body.id}/history?limit=2`);
    expect(types(history)).toEqual(['UserCreated', 'ParentLinked']);
    expect(history.body.data[0].actor).toEqual({ type: 'api_key', id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const rest = await api.get(
      `/users/${child.body.id}/history?after=${encodeURIComponent(history.body.paging.after)}`,
    );
    expect(types(rest)).toEqual(['ProfileUpdated', 'ParentUnlinked']);
    const then = await api.get(`/users/${child.body.id}?as_of_revision=1`);
    expect({ etag: then.headers.get('etag'), parent: then.body.parent_user_id }).toEqual({
      etag: '"1"',
      parent: parent.body.id,
    });
  });

  it('holds a change feed long poll longer than the hop timeout (5 s) and answers it on a write; keyed writes replay', async () => {
    let after: string | null = null;
    for (let more = true; more;) {
      const page: HttpAnswer = await api.get(
        `/changes?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      expect(page.status).toBe(200);
      ({ after } = page.body.paging);
      more = page.body.paging.has_more;
    }
    const waiting = api.get(`/changes?wait=8&after=${encodeURIComponent(after as string)}`);
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const key = { 'idempotency-key': 'split-deployment-1' };
    const created = await api.post('/users', { first_name: 'Late', last_name: 'Poll' }, key);
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.data.map((event: { userId: string }) => event.userId)).toEqual([created.body.id]);
    const again = await api.post('/users', { first_name: 'Late', last_name: 'Poll' }, key);
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: created.body.id });
  });

  it('answers domain errors from the other process exactly as the all-in-one does', async () => {
    const duplicate = await api.post('/users', { first_name: 'Pia', last_name: 'Again', user_name: 'PIA' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'user_name_taken', errors: [{ field: 'user_name' }] });
    expect((await api.get('/users?after=forged')).body).toMatchObject({ status: 400, code: 'invalid_cursor' });
    expect((await api.withKey('rk_wrong').get('/users')).status).toBe(401);
  });

  it('the gateway holds no store: none of its open files is in the data folder', () => {
    const gateway = running[2].process;
    const openFiles = readdirSync(`/proc/${gateway.pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${gateway.pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(openFiles.filter((file) => file.startsWith(dataDir))).toEqual([]);
  });

  it("refuses requests that reach the user-service's TCP port without the gateway's signature, and writes nothing", async () => {
    const raw = new ClientTCP({ host: '127.0.0.1', port: Number(userServiceEnv.USER_SERVICE_PORT) });
    const forged = {
      userId: null,
      tenantId: null,
      userType: null,
      userName: null,
      roles: [],
      permissions: ['*'],
      trusted: true,
    };
    const refusal = (pattern: string, payload: object) =>
      firstValueFrom(raw.send(pattern, payload)).then(
        () => null,
        (error: unknown) => error,
      );
    try {
      expect(
        await refusal('egov.create-users', {
          caller: forged,
          inputs: [{ userName: 'forged', name: 'Forged', type: 'SYSTEM', tenantId: 'default' }],
        }),
      ).toMatchObject({
        kind: 'rejected',
        rejection: 'unauthorized',
        code: 'INTERNAL_HOP_REFUSED',
      });
      expect(
        await refusal('users.create', { tenantId: 'default', input: { firstName: 'Forged', lastName: 'Caller' } }),
      ).toMatchObject({ code: 'INTERNAL_HOP_REFUSED' });
      const forgedHop = { tenantId: 'default', input: {}, hop: { exp: Date.now() + 30_000, sig: 'AAAA' } };
      expect(await refusal('users.create', forgedHop)).toMatchObject({ code: 'INTERNAL_HOP_REFUSED' });
    } finally {
      raw.close();
    }
    expect((await api.post('/users:search', { name: 'forged' })).body.data).toEqual([]);
  });

  it('answers 503 within a bounded time while the user-service is down, and recovers when it returns', async () => {
    await killHard(running[0].process);
    const started = Date.now();
    const down = await api.get('/users');
    expect(Date.now() - started).toBeLessThan(6000);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    expect(down.body).toMatchObject({ code: 'user_service_unavailable' });
    expect((await api.post('/users', { first_name: 'No', last_name: 'Body' })).status).toBe(503);

    running[0] = start('user-service', userServiceEnv);
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await api.get('/users')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
  });
});

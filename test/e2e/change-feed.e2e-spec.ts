import { rmSync } from 'node:fs';
import { userEventValueOf } from '@roster/messaging';
import { apiKeyIssuance, generateApiKey } from '@roster/user-service';
import { ChangeFeedFollower } from '../../apps/user-events-consumer/src/change-feed-follower';
import { ConsumerConfig } from '../../apps/user-events-consumer/src/consumer-config';
import { UserChangeLog } from '../../apps/user-events-consumer/src/user-change-log';
import { openEventLog } from './support/event-log';
import type { HttpClient } from './support/http-client';
import { expectProblem } from './support/ncore-rejections';
import type { RunningRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, freePort, killHard, makeDataDir, spawnRoster, startRoster } from './support/roster-harness';

interface FeedPage {
  data: { id: string; type: string; tenantId: string; userId: string; position: string; data: object }[];
  paging: { after: string; has_more: boolean };
}

/** The tenant's public user events as the log holds them: what the feed must give, in this order. */
async function publicEventsOf(dataDir: string, tenantId: string): Promise<string[]> {
  const log = openEventLog(dataDir);
  try {
    const ids: string[] = [];
    let after: bigint | null = null;
    for (let batch = await log.readAll(after, 1000); batch.length > 0; batch = await log.readAll(after, 1000)) {
      for (const event of batch) {
        const value = userEventValueOf(event);
        if (value?.tenantId === tenantId) ids.push(value.id);
      }
      after = batch[batch.length - 1].position;
    }
    return ids;
  } finally {
    await log.close();
  }
}

/** Reads the feed page by page until `has_more` is false; the ids and the cursor to continue from. */
async function readToEnd(api: HttpClient, after: string | null, limit = 3): Promise<{ ids: string[]; after: string }> {
  const ids: string[] = [];
  let cursor = after;
  for (;;) {
    const query = `limit=${limit}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await api.get<FeedPage>(`/changes?${query}`);
    expect(answer.status).toBe(200);
    ids.push(...answer.body.data.map((event) => event.id));
    cursor = answer.body.paging.after;
    if (!answer.body.paging.has_more) return { ids, after: cursor };
  }
}

describe('change feed: GET /changes', () => {
  let roster: RunningRoster;
  let api: HttpClient;
  let foreign: HttpClient;

  beforeAll(async () => {
    roster = await startRoster();
    api = roster.client;
    const foreignKey = generateApiKey();
    const log = openEventLog(roster.dataDir);
    await log.appendMany([
      apiKeyIssuance(foreignKey, {
        tenantId: 'other',
        permissions: ['users:read', 'users:write'],
        label: 'e2e',
        at: new Date(),
      }),
    ]);
    await log.close();
    foreign = api.withKey(foreignKey);
    for (let index = 0; index < 5; index++) {
      const created = await api.post('/users', { first_name: `Feed${index}`, last_name: 'User' });
      await api.put(`/users/${created.body.id}`, { last_name: `Renamed${index}` });
      await foreign.post('/users', { first_name: `Other${index}`, last_name: 'Tenant' });
    }
  });
  afterAll(() => roster.close());

  it("read in pages to the end, is exactly the tenant's public events of the log, in order", async () => {
    const { ids } = await readToEnd(api, null);
    expect(ids).toEqual(await publicEventsOf(roster.dataDir, 'default'));
    expect(ids).toHaveLength(10);
    const { ids: theirs } = await readToEnd(foreign, null);
    expect(theirs).toEqual(await publicEventsOf(roster.dataDir, 'other'));
    expect(theirs.some((id) => ids.includes(id))).toBe(false);
  });

  it('carries the events topic’s public shape', async () => {
    const answer = await api.get<FeedPage>('/changes?limit=1');
    expect(answer.body.data[0]).toMatchObject({
      type: 'UserCreated',
      tenantId: 'default',
      streamRevision: 0,
      schemaVersion: 1,
      data: { tenantId: 'default', profile: { firstName: 'Feed0', lastName: 'User' } },
    });
    expect(answer.body.paging.has_more).toBe(true);
  });

  it('a long poll is answered as soon as something is written', async () => {
    const { after } = await readToEnd(api, null, 1000);
    const waiting = api.get<FeedPage>(`/changes?wait=10&after=${encodeURIComponent(after)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const created = await api.post('/users', { first_name: 'Late', last_name: 'Comer' });
    const written = Date.now();
    const answer = await waiting;
    expect(Date.now() - written).toBeLessThan(100);
    expect(answer.body.data.map((event) => [event.type, event.userId])).toEqual([['UserCreated', created.body.id]]);
  });

  it('a long poll that sees nothing new answers an empty page at the end of its wait', async () => {
    const { after } = await readToEnd(api, null, 1000);
    const started = Date.now();
    const answer = await api.get<FeedPage>(`/changes?wait=1&after=${encodeURIComponent(after)}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(answer.body).toEqual({ data: [], paging: { after: expect.any(String), has_more: false } });
  });

  it('as Server-Sent Events, resumable with Last-Event-ID', async () => {
    const all = await publicEventsOf(roster.dataDir, 'default');
    const first = await readSse(api, {}, 4);
    expect(first.map((event) => event.data.id)).toEqual(all.slice(0, 4));
    expect(first.map((event) => event.event)).toEqual(first.map((event) => event.data.type));
    const resumed = await readSse(api, { 'last-event-id': first[1].id }, 3);
    expect(resumed.map((event) => event.data.id)).toEqual(all.slice(2, 5));
  });

  it('refuses a forged cursor, another tenant’s cursor and out-of-range parameters, naming them', async () => {
    const { after } = await readToEnd(api, null, 1000);
    await expectProblem(roster.dataDir, () => api.get('/changes?after=forged.cursor'), 400, 'after');
    await expectProblem(roster.dataDir, () => foreign.get(`/changes?after=${encodeURIComponent(after)}`), 400, 'after');
    await expectProblem(roster.dataDir, () => api.get('/changes?limit=0'), 400, 'limit');
    await expectProblem(roster.dataDir, () => api.get('/changes?limit=1001'), 400, 'limit');
    await expectProblem(roster.dataDir, () => api.get('/changes?wait=31'), 400, 'wait');
    await expectProblem(roster.dataDir, () => api.withKey(null).get('/changes'), 401, 'x-api-key');
  });
});

describe('the example consumer on the change feed (no Kafka)', () => {
  it('records every event of its tenant, once, in order', async () => {
    const roster = await startRoster();
    const log = new UserChangeLog(':memory:');
    const config = new ConsumerConfig();
    config.changes = { url: roster.client.baseUrl, apiKey: BOOTSTRAP_KEY };
    const follower = new ChangeFeedFollower(config, log);
    const following = follower.follow();
    try {
      const ids: string[] = [];
      for (let index = 0; index < 3; index++) {
        const created = await roster.client.post('/users', { first_name: `C${index}`, last_name: 'Consumer' });
        await roster.client.put(`/users/${created.body.id}`, { last_name: 'Followed' });
        ids.push(created.body.id);
      }
      const expected = await publicEventsOf(roster.dataDir, 'default');
      const recorded = () => log.stats().tenants.default?.events ?? 0;
      for (let tries = 0; recorded() < expected.length && tries < 100; tries++)
        await new Promise((r) => setTimeout(r, 50));
      expect(recorded()).toBe(6);
      for (const id of ids) {
        expect(log.changesOf(id)?.changes.map((change) => change.type)).toEqual(['UserCreated', 'ProfileUpdated']);
      }
    } finally {
      await follower.beforeApplicationShutdown();
      await following;
      log.close();
      await roster.close();
    }
  });
});

describe('change feed streams at shutdown', () => {
  it('an open event stream does not hold a stopping server: it is ended and the server closes', async () => {
    const roster = await startRoster();
    const response = await fetch(`${roster.client.baseUrl}/changes`, {
      headers: { 'x-api-key': BOOTSTRAP_KEY, accept: 'text/event-stream' },
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const started = Date.now();
    await roster.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    // The stream ends rather than hanging: the client sees its end and would reconnect elsewhere.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
  });
});

describe('change feed across a SIGKILL of the all-in-one process', () => {
  const dataDir = makeDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes from a cursor of the killed process with nothing missing or repeated', async () => {
    const port = await freePort();
    const first = await spawnRoster(dataDir, port);
    for (let index = 0; index < 6; index++)
      await first.client.post('/users', { first_name: `K${index}`, last_name: 'X' });
    const page = await first.client.get<FeedPage>('/changes?limit=4');
    const seen = page.body.data.map((event) => event.id);
    await first.client.post('/users', { first_name: 'Just', last_name: 'Before' });
    await killHard(first.process);

    const second = await spawnRoster(dataDir, port);
    try {
      await second.client.post('/users', { first_name: 'Just', last_name: 'After' });
      const rest = await readToEnd(second.client, page.body.paging.after);
      expect([...seen, ...rest.ids]).toEqual(await publicEventsOf(dataDir, 'default'));
      expect(seen.length + rest.ids.length).toBe(8);
    } finally {
      await killHard(second.process);
    }
  });
});

interface SseEvent {
  id: string;
  event: string;
  data: { id: string; type: string };
}

/** Opens the feed as an event stream, reads `count` events, then closes the connection. */
async function readSse(api: HttpClient, headers: Record<string, string>, count: number): Promise<SseEvent[]> {
  const abort = new AbortController();
  const response = await fetch(`${api.baseUrl}/changes?limit=2`, {
    headers: { 'x-api-key': BOOTSTRAP_KEY, accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffered = '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0 && events.length < count) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => !line.startsWith(':') && line.includes(': '))
          .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
      );
      if (fields.data) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
    }
  }
  abort.abort();
  return events;
}

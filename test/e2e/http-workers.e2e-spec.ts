import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { HttpAnswer } from './support/http-client';
import { sampleSum } from './support/prometheus-text';
import type { RunningRoster, SpawnedRoster } from './support/roster-harness';
import { BOOTSTRAP_KEY, startRoster } from './support/roster-harness';

const WORKERS = 2;

/**
 * One request on a connection of its own. The primary hands each new connection to the next worker in turn, so
 * requests sent this way are spread over the workers; a client keeping one connection alive talks to one worker.
 */
function onNewConnection(
  roster: RunningRoster,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const url = new URL(path, roster.client.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method,
        agent: false,
        headers: {
          'x-api-key': BOOTSTRAP_KEY,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers))
            if (typeof value === 'string') answerHeaders.set(name, value);
          const json = (incoming.headers['content-type'] ?? '').includes('json') && text !== '';
          resolve({ status: incoming.statusCode ?? 0, headers: answerHeaders, body: json ? JSON.parse(text) : text });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

/** The pids of a process's children (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Bytes a process has written through system calls so far: grows with every answer a worker sends. */
function bytesWritten(pid: number): number {
  return Number(/^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
}

async function until<T>(probe: () => T, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The all-in-one process with two HTTP workers: every invariant holds across processes sharing the stores, whether
 * each worker writes the event log itself or hands its appends to the primary (ROSTER_WRITER).
 */
describe.each(['each-worker', 'primary'])('all-in-one Roster with several HTTP workers, event writer %s', (writer) => {
  let roster: RunningRoster & SpawnedRoster;
  const primary = () => roster.process.pid as number;

  beforeAll(async () => {
    roster = await startRoster({ ROSTER_WORKERS: String(WORKERS), ROSTER_WRITER: writer });
  });
  afterAll(() => roster.close());

  it('serves from every worker, the primary handing connections out in turn', async () => {
    const workers = await until(
      () => childrenOf(primary()),
      (pids) => pids.length === WORKERS,
    );
    expect(workers).toHaveLength(WORKERS);
    const before = workers.map(bytesWritten);
    // Roster is healthy once one worker listens; the others may still be starting.
    const deadline = Date.now() + 10_000;
    let served: boolean[];
    do {
      for (let n = 0; n < 10; n++) expect((await onNewConnection(roster, 'GET', '/health/live')).status).toBe(200);
      served = workers.map((pid, index) => bytesWritten(pid) > before[index]);
    } while (served.includes(false) && Date.now() < deadline);
    expect(served).toEqual(Array<boolean>(WORKERS).fill(true));
  });

  it('lets exactly one of many concurrent creates on several workers take a user_name', async () => {
    const body = { user_name: `taken-${Date.now()}`, first_name: 'Una', last_name: 'Que' };
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => onNewConnection(roster, 'POST', '/users', body)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(15).fill(409)]);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code)).toEqual(
      Array<string>(15).fill('user_name_taken'),
    );
  });

  it('never closes a cycle when two workers re-parent two users under each other at once', async () => {
    const [a, b] = await Promise.all(
      ['A', 'B'].map((name) => onNewConnection(roster, 'POST', '/users', { first_name: name, last_name: 'Cycle' })),
    );
    for (let round = 0; round < 8; round++) {
      const [aUnderB, bUnderA] = await Promise.all([
        onNewConnection(roster, 'PUT', `/users/${a.body.id}`, { parent_user_id: b.body.id }),
        onNewConnection(roster, 'PUT', `/users/${b.body.id}`, { parent_user_id: a.body.id }),
      ]);
      const succeeded = [aUnderB, bUnderA].filter((answer) => answer.status === 200);
      expect(succeeded.length).toBeLessThanOrEqual(1);
      for (const answer of [aUnderB, bUnderA].filter((one) => one.status !== 200)) {
        expect(answer.status).toBe(409);
        expect(['parent_cycle', 'concurrent_modification', 'conflict']).toContain(answer.body.code);
      }
      // Back to two roots for the next round.
      await Promise.all(
        [a, b].map((user) => onNewConnection(roster, 'PUT', `/users/${user.body.id}`, { parent_user_id: null })),
      );
    }
  });

  it('answers a read on another worker after the write its consistency token names', async () => {
    for (let n = 0; n < 20; n++) {
      const created = await onNewConnection(roster, 'POST', '/users', { first_name: 'Read', last_name: `Mine${n}` });
      expect(created.status).toBe(201);
      const token = created.headers.get('x-consistency-token') as string;
      const read = await onNewConnection(roster, 'GET', `/users/${created.body.id}`, undefined, {
        'x-consistency-token': token,
      });
      expect(read.status).toBe(200);
      expect(read.body.last_name).toBe(`Mine${n}`);
    }
  });

  it('counts the requests of every worker in the metrics a scrape of any one of them answers', async () => {
    const scrape = async () => (await onNewConnection(roster, 'GET', '/metrics')).body as string;
    const live = (text: string) =>
      sampleSum(text, 'roster_http_requests_total', { method: 'GET', route: '/health/live', status: '200' });
    const before = live(await scrape());
    for (let n = 0; n < 10; n++) await onNewConnection(roster, 'GET', '/health/live');
    expect(live(await scrape()) - before).toBe(10);
  });

  it('replaces a worker killed with SIGKILL and keeps every acknowledged write', async () => {
    const created = await onNewConnection(roster, 'POST', '/users', { first_name: 'Before', last_name: 'Crash' });
    const [victim] = childrenOf(primary());
    process.kill(victim, 'SIGKILL');
    const workers = await until(
      () => childrenOf(primary()),
      (pids) => pids.length === WORKERS && !pids.includes(victim),
    );
    expect(workers).toHaveLength(WORKERS);
    expect(workers).not.toContain(victim);
    for (let n = 0; n < 6; n++) {
      const read = await onNewConnection(roster, 'GET', `/users/${created.body.id}`, undefined, {
        'x-consistency-token': created.headers.get('x-consistency-token') as string,
      });
      expect(read.status).toBe(200);
    }
    expect(roster.output()).toContain(`HTTP worker ${victim} exited by SIGKILL; starting another`);
  });
});

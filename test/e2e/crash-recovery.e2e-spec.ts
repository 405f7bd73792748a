import { rmSync } from 'node:fs';
import { isUserStream } from '@roster/domain';
import { openEventLog } from './support/event-log';
import type { HttpClient } from './support/http-client';
import { freePort, killHard, makeDataDir, spawnRoster } from './support/roster-harness';
import { storeEnvFromProcess } from './support/store-env';

/**
 * SIGKILL the all-in-one process in the middle of a stream of writes: every acknowledged write must be
 * there after a restart, and the read model must catch up with the event store exactly.
 */
describe('crash recovery of the all-in-one process', () => {
  const dataDir = makeDataDir();
  const stores = storeEnvFromProcess();
  afterAll(async () => {
    await stores.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write and re-converges the read model', async () => {
    const port = await freePort();
    const first = await spawnRoster(dataDir, port, stores.env);
    const root = await first.client.post('/users', { first_name: 'Root', last_name: 'User' });
    expect(root.status).toBe(201);

    const acknowledged = new Map<string, string>();
    let stop = false;
    const writer = async (worker: number) => {
      for (let n = 0; !stop; n++) {
        try {
          const answer = await first.client.post('/users', {
            first_name: `W${worker}`,
            last_name: `N${n}`,
            parent_user_id: n % 3 === 0 ? root.body.id : undefined,
          });
          if (answer.status === 201)
            acknowledged.set(answer.body.id, answer.headers.get('x-consistency-token') as string);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, worker) => writer(worker));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await killHard(first.process);
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThan(50);

    const second = await spawnRoster(dataDir, port, stores.env);
    try {
      const highest = [...acknowledged.values()].reduce((max, token) => (BigInt(token) > BigInt(max) ? token : max));
      for (const [id] of acknowledged) {
        const answer = await second.client.get(`/users/${id}`, { 'x-consistency-token': highest });
        expect({ id, status: answer.status }).toEqual({ id, status: 200 });
      }
      await expectReadModelEqualsEventStore(second.client, dataDir);
    } finally {
      await killHard(second.process);
    }
  });
});

async function expectReadModelEqualsEventStore(api: HttpClient, dataDir: string): Promise<void> {
  const log = openEventLog(dataDir);
  const revisions = new Map<string, number>();
  let head: bigint | null = null;
  try {
    for (let batch = await log.readAll(null, 1000); batch.length > 0; batch = await log.readAll(head, 1000)) {
      for (const event of batch) {
        if (isUserStream(event.stream)) revisions.set(event.stream.slice('user-'.length), event.revision);
      }
      head = batch[batch.length - 1].position;
    }
  } finally {
    await log.close();
  }
  const token = { 'x-consistency-token': String(head) };
  const projected = new Map<string, number>();
  let after: string | null = null;
  do {
    const query: string = after ? `?limit=100&after=${encodeURIComponent(after)}` : '?limit=100';
    const page = await api.get(`/users${query}`, token);
    expect(page.status).toBe(200);
    for (const user of page.body.data as { id: string }[]) {
      const one = await api.get(`/users/${user.id}`, token);
      projected.set(user.id, Number(JSON.parse(one.headers.get('etag') as string)));
    }
    after = page.body.paging.after;
  } while (after);
  expect(projected).toEqual(revisions);
}

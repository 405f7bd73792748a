import { randomUUID } from 'node:crypto';
import { describeContractWithDeviations, KURRENTDB_DEVIATIONS } from './testing/contract-deviations';
import type { KurrentDbClient } from './kurrentdb-client';
import { connectKurrentDb } from './kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { BACKWARDS, END } from './mapping';

/**
 * The shared event-store contract against a real KurrentDB/EventStoreDB (docs/kurrentdb.md):
 *
 *   EVENTSTORE_URL=kurrentdb://localhost:2113?tls=false npm run test:int -- kurrentdb
 *
 * Each test gets its own stream prefix, so it sees an empty store on a shared server. Against EventStoreDB
 * 22.10–24.x (no multi-stream append) also set EVENTSTORE_LEGACY=1: the per-stream fallback's log order is a
 * known deviation there. Without EVENTSTORE_URL this file fails on purpose — no server must not look like a
 * pass — unless ROSTER_SKIP_KURRENTDB=1 says explicitly that the KurrentDB tier is skipped.
 */
const url = process.env.EVENTSTORE_URL;

if (url) {
  describeAgainst(url);
} else if (process.env.ROSTER_SKIP_KURRENTDB === '1') {
  describe.skip('KurrentDbEventStore against a real server — SKIPPED: ROSTER_SKIP_KURRENTDB=1 and no EVENTSTORE_URL', () => {
    it('runs the event store contract', () => undefined);
  });
} else {
  it('KurrentDbEventStore against a real server needs EVENTSTORE_URL', () => {
    throw new Error(
      'EVENTSTORE_URL is not set, so the KurrentDB contract cannot run. Start KurrentDB (docs/kurrentdb.md) and set ' +
        'EVENTSTORE_URL=kurrentdb://localhost:2113?tls=false, or set ROSTER_SKIP_KURRENTDB=1 to skip this tier explicitly.',
    );
  });
}

function describeAgainst(connectionString: string): void {
  let client: KurrentDbClient;
  const run = randomUUID().slice(0, 8);
  let tests = 0;

  beforeAll(() => {
    client = connectKurrentDb(connectionString);
  });

  afterAll(async () => {
    await client.dispose();
  });

  function openStore(): KurrentDbEventStore {
    return new KurrentDbEventStore({
      client,
      streamPrefix: `it${run}t${++tests}_`,
      pollIntervalMs: 50,
      subscription: { onError: () => undefined },
    });
  }

  const legacy = process.env.EVENTSTORE_LEGACY === '1';
  describeContractWithDeviations(
    `KurrentDbEventStore on ${connectionString}`,
    async () => {
      const store = openStore();
      return { store, cleanup: () => store.close() };
    },
    legacy ? { ...KURRENTDB_DEVIATIONS.always, ...KURRENTDB_DEVIATIONS.perStream } : KURRENTDB_DEVIATIONS.always,
    { deliveryTimeoutMs: 15_000 },
  );

  describe('KurrentDbEventStore position mapping on a real server', () => {
    it('finds commit == prepare for every event it wrote, the premise of Position = commit position', async () => {
      const store = openStore();
      try {
        await store.append(
          'user-1',
          [
            { type: 'A', data: {} },
            { type: 'B', data: {} },
          ],
          'no_stream',
        );
        await store.appendMany([
          { stream: 'user-2', events: [{ type: 'C', data: {} }], expectedRevision: 'no_stream' },
          {
            stream: 'username-x',
            events: [
              { type: 'D', data: {} },
              { type: 'E', data: {} },
            ],
            expectedRevision: 'no_stream',
          },
        ]);
        const written = new Set((await store.readAll(null, 100)).map(({ id }) => id));

        const positions = [];
        for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 200 })) {
          if (resolved.event && written.has(resolved.event.id)) positions.push(resolved.event.position);
        }

        expect(positions).toHaveLength(5);
        for (const position of positions) expect(position.commit).toBe(position.prepare);
      } finally {
        await store.close();
      }
    });
  });
}

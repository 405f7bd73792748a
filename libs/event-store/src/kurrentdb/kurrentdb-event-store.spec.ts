import { createServer } from 'node:net';
import type { NewEvent, RecordedEvent, Subscription } from '../event-store';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import type { FakeServerVersion } from './testing/fake-kurrentdb-client';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';
import type { KurrentDbEventStoreOptions } from './kurrentdb-event-store';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const NEAR_INT64_MAX = 2n ** 63n - 1_000_000n;

describe('KurrentDbEventStore', () => {
  let client: FakeKurrentDbClient;
  let store: KurrentDbEventStore;
  let subscriptions: Subscription[];

  function open(
    version: FakeServerVersion,
    options: Partial<KurrentDbEventStoreOptions> & { firstPosition?: bigint } = {},
  ): void {
    client = new FakeKurrentDbClient({ serverVersion: version, firstPosition: options.firstPosition });
    store = new KurrentDbEventStore({
      client,
      pollIntervalMs: 10,
      subscription: { onError: () => undefined },
      ...options,
    });
  }

  beforeEach(() => {
    subscriptions = [];
    open('26.1');
  });

  afterEach(async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    await store.close();
  });

  function operations(): string[] {
    return client.calls.map(({ operation, refused }) => (refused ? `${operation} (refused)` : operation));
  }

  describe('append modes', () => {
    it('writes a multi-stream append on 26.1 as one appendRecords, assert-only entries as its checks', async () => {
      await store.append('user-parent', [event('UserCreated')], 'no_stream');
      client.calls.length = 0;

      const result = await store.appendMany([
        { stream: 'user-1', events: [event('UserCreated')], expectedRevision: 'no_stream' },
        { stream: 'username-acme-alice', events: [event('UserNameReserved')], expectedRevision: 'no_stream' },
        { stream: 'user-parent', events: [], expectedRevision: 0 },
      ]);

      expect(client.calls).toEqual([
        { operation: 'appendRecords', streams: ['user-1', 'username-acme-alice', 'user-parent'] },
      ]);
      expect(result.revisions).toEqual({ 'user-1': 0, 'username-acme-alice': 0, 'user-parent': 0 });
      expect(result.position).toBe(client.allEvents.at(-1)?.position.commit);
    });

    it('on 26.1 an assert-only entry fails the append atomically when its stream changed just before the commit', async () => {
      await store.append('user-parent', [event('UserCreated')], 'no_stream');
      client.failNext({
        operation: 'appendRecords',
        when: 'before',
        interleave: () => client.seedEvent('user-parent', 'ParentLinked'),
      });

      const append = store.appendMany([
        { stream: 'user-1', events: [event('UserCreated')], expectedRevision: 'no_stream' },
        { stream: 'user-parent', events: [], expectedRevision: 0 },
      ]);

      await expect(append).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(append).rejects.toMatchObject({ stream: 'user-parent', expected: 0, actual: 1 });
      expect(await store.readStream('user-1')).toEqual([]);
    });

    it('on 25.1 tries appendRecords once, then uses multiStreamAppend for good', async () => {
      open('25.1');

      await store.appendMany([
        { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
        { stream: 'username-acme-alice', events: [event()], expectedRevision: 'no_stream' },
      ]);
      await store.appendMany([
        { stream: 'user-2', events: [event()], expectedRevision: 'no_stream' },
        { stream: 'username-acme-bob', events: [event()], expectedRevision: 'no_stream' },
      ]);

      expect(operations()).toEqual(['appendRecords (refused)', 'multiStreamAppend', 'multiStreamAppend']);
    });

    it('on 25.1 names each stream once per multiStreamAppend, which refuses a stream named twice', async () => {
      open('25.1');

      const result = await store.appendMany([
        { stream: 'user-1', events: [event('A')], expectedRevision: 'no_stream' },
        { stream: 'username-acme-alice', events: [event('B')], expectedRevision: 'no_stream' },
        { stream: 'user-1', events: [event('C')], expectedRevision: 0 },
      ]);

      expect(client.calls.at(-1)).toEqual({
        operation: 'multiStreamAppend',
        streams: ['user-1', 'username-acme-alice'],
      });
      expect(result.revisions).toEqual({ 'user-1': 1, 'username-acme-alice': 0 });
      expect((await store.readStream('user-1')).map(({ type }) => type)).toEqual(['A', 'C']);
    });

    it('on 25.1 checks an assert-only entry by a read just before the append; a write in between goes unnoticed (documented)', async () => {
      open('25.1');
      await store.append('user-parent', [event('UserCreated')], 'no_stream');
      await expect(
        store.appendMany([
          { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
          { stream: 'user-parent', events: [], expectedRevision: 5 },
        ]),
      ).rejects.toMatchObject({ stream: 'user-parent', expected: 5, actual: 0 });

      client.failNext({
        operation: 'multiStreamAppend',
        when: 'before',
        interleave: () => client.seedEvent('user-parent', 'ParentLinked'),
      });
      const raced = await store.appendMany([
        { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
        { stream: 'user-parent', events: [], expectedRevision: 0 },
      ]);

      expect(raced.revisions).toEqual({ 'user-1': 0, 'user-parent': 0 });
      expect(await store.readStream('user-parent')).toHaveLength(2);
    });

    it('maps a multiStreamAppend conflict to WrongExpectedRevisionError and writes nothing', async () => {
      open('25.1');
      await store.append('user-1', [event()], 'no_stream');

      const append = store.appendMany([
        { stream: 'username-acme-alice', events: [event()], expectedRevision: 'no_stream' },
        { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
      ]);

      await expect(append).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        stream: 'user-1',
        expected: 'no_stream',
        actual: 0,
      });
      expect(await store.readStream('username-acme-alice')).toEqual([]);
    });

    it('writes a single-stream append with appendToStream on every version, metadata as plain JSON', async () => {
      for (const version of ['26.1', '25.1', '24.10'] as const) {
        open(version);
        await store.append(
          'user-1',
          [{ ...event(), metadata: { actor: { id: 'u-9' }, tenantId: 'acme' } }],
          'no_stream',
        );

        expect(operations()).toEqual(['appendToStream']);
        const [written] = await store.readStream('user-1');
        expect(written.metadata).toEqual({ actor: { id: 'u-9' }, tenantId: 'acme' });
        await store.close();
      }
    });

    it('keeps nested metadata and caller ids through multiStreamAppend and appendRecords', async () => {
      for (const version of ['26.1', '25.1'] as const) {
        open(version);
        const metadata = { actor: { id: 'u-9', type: 'SYSTEM' }, schemaVersion: 1, tenantId: 'acme' };

        await store.appendMany([
          {
            stream: 'user-1',
            events: [{ id: 'my-own-id', type: 'UserCreated', data: { a: 1 }, metadata }],
            expectedRevision: 'no_stream',
          },
          { stream: 'username-acme-alice', events: [event()], expectedRevision: 'no_stream' },
        ]);

        const [written] = await store.readStream('user-1');
        expect(written).toMatchObject({ id: 'my-own-id', data: { a: 1 }, metadata });
        await store.close();
      }
    });

    it('does not give up a mode on a failure that is no "unsupported"', async () => {
      client.failNext({ operation: 'appendRecords', when: 'before' });
      const twoStreams = () =>
        store.appendMany([
          { stream: `user-${Math.random()}`, events: [event()], expectedRevision: 'no_stream' },
          { stream: `username-${Math.random()}`, events: [event()], expectedRevision: 'no_stream' },
        ]);

      await expect(twoStreams()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await twoStreams();

      expect(operations()).toEqual(['appendRecords', 'appendRecords']);
    });
  });

  describe('positions above 2^53', () => {
    beforeEach(() => open('26.1', { firstPosition: NEAR_INT64_MAX }));

    it('hands out the server’s 64-bit commit positions exactly and reads after them exactly', async () => {
      const first = await store.append('user-1', [event()], 'no_stream');
      const second = await store.appendMany([
        { stream: 'user-2', events: [event()], expectedRevision: 'no_stream' },
        { stream: 'username-x', events: [event()], expectedRevision: 'no_stream' },
      ]);
      const third = await store.append('user-3', [event()], 'no_stream');

      const commits = client.allEvents.map(({ position }) => position.commit);
      expect(commits.every((commit) => commit >= NEAR_INT64_MAX && commit < 2n ** 63n)).toBe(true);
      expect([first.position, second.position, third.position]).toEqual([commits[0], commits[2], commits[3]]);
      expect((await store.readAll(null, 10)).map(({ position }) => position)).toEqual(commits);
      expect((await store.readAll(commits[1], 10)).map(({ stream }) => stream)).toEqual(['username-x', 'user-3']);
      expect(await store.headPosition()).toBe(third.position);
    });
  });

  describe('reading $all', () => {
    it('skips KurrentDB’s own events, also a run of them longer than a page', async () => {
      await store.append('user-1', [event()], 'no_stream');
      for (let index = 0; index < 5; index++) {
        client.seedEvent(`$$user-${index}`, '$metadata');
        client.seedEvent(`$projections-p${index}`, 'ProjectionUpdated'); // a $ stream with an ordinary type
      }
      await store.append('user-2', [event()], 'no_stream');
      client.seedEvent('$stats-127.0.0.1:2113', '$statsCollected');
      client.seedEvent('$ce-user', 'SomethingLinked');

      const first = await store.readAll(null, 1);
      const second = await store.readAll(first[0].position, 1);
      const rest = await store.readAll(second[0].position, 10);

      expect([...first, ...second].map(({ stream }) => stream)).toEqual(['user-1', 'user-2']);
      expect(rest).toEqual([]);
      expect(await store.headPosition()).toBe(second[0].position);
    });

    it('reports no head while the log holds only system events', async () => {
      for (let index = 0; index < 40; index++) client.seedEvent(`$stats-${index}`, 'StatsCollected');
      expect(await store.headPosition()).toBeNull();
    });

    it('never splits a legacy explicit transaction, whose events share one commit position', async () => {
      await store.append('user-a', [event()], 'no_stream');
      client.seedLegacyTransaction('order-1', ['L1', 'L2', 'L3'], () => client.seedEvent('user-b', 'Meanwhile'));
      await store.append('user-c', [event()], 'no_stream');

      const pages: string[][] = [];
      let after: bigint | null = null;
      for (;;) {
        const page: RecordedEvent[] = await store.readAll(after, 1);
        if (page.length === 0) break;
        pages.push(page.map(({ stream, type }) => `${stream}:${type}`));
        after = page[page.length - 1].position;
      }

      expect(pages).toEqual([
        ['user-a:SomethingHappened'],
        ['user-b:Meanwhile'],
        ['order-1:L1', 'order-1:L2', 'order-1:L3'],
        ['user-c:SomethingHappened'],
      ]);
    });

    it('reads a stream that does not exist as empty, and a stream from a revision', async () => {
      await store.append('user-1', [event('A'), event('B'), event('C')], 'no_stream');

      expect(await store.readStream('user-404')).toEqual([]);
      expect((await store.readStream('user-1', 1)).map(({ type }) => type)).toEqual(['B', 'C']);
    });

    it('turns an unreachable server into EventStoreUnavailableError', async () => {
      client.failNext({ operation: 'readAll', when: 'before' });
      client.failNext({ operation: 'readStream', when: 1 });
      client.failNext({ operation: 'readAll', when: 'before' });
      await store.append('user-1', [event(), event()], 'no_stream');

      await expect(store.readAll(null, 10)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readStream('user-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });
  });

  describe('subscriptions', () => {
    it('resumes after the connection drops mid-read, without gaps or duplicates', async () => {
      const errors: unknown[] = [];
      open('26.1', {
        firstPosition: NEAR_INT64_MAX,
        subscription: { batchSize: 7, retryInitialDelayMs: 1, onError: (error) => errors.push(error) },
      });
      for (let index = 0; index < 10; index++)
        await store.append(`user-${index}`, [event(), event(), event()], 'no_stream');
      for (let drop = 0; drop < 3; drop++) client.failNext({ operation: 'readAll', when: 3 });
      const received: RecordedEvent[] = [];

      subscriptions.push(store.subscribeAll(null, (batch) => void received.push(...batch)));
      await waitUntil(() => received.length >= 30);
      await store.append('live', [event()], 'no_stream');
      await waitUntil(() => received.length >= 31);

      const log = await store.readAll(null, 100);
      expect(received.map(({ id }) => id)).toEqual(log.map(({ id }) => id));
      expect(errors).toHaveLength(3);
      expect(errors.every((error) => error instanceof EventStoreUnavailableError)).toBe(true);
    });

    it('resumes from the checkpoint a consumer kept, after a restart', async () => {
      open('26.1', { firstPosition: NEAR_INT64_MAX });
      for (let index = 0; index < 5; index++) await store.append(`user-${index}`, [event()], 'no_stream');
      const beforeRestart: RecordedEvent[] = [];
      const first = store.subscribeAll(null, (batch) => void beforeRestart.push(...batch));
      await waitUntil(() => beforeRestart.length === 5);
      await first.stop();
      const checkpoint = beforeRestart[beforeRestart.length - 1].position;

      for (let index = 5; index < 8; index++) await store.append(`user-${index}`, [event()], 'no_stream');
      const afterRestart: RecordedEvent[] = [];
      subscriptions.push(store.subscribeAll(checkpoint, (batch) => void afterRestart.push(...batch)));
      await waitUntil(() => afterRestart.length === 3);

      expect(afterRestart.map(({ stream }) => stream)).toEqual(['user-5', 'user-6', 'user-7']);
      expect(afterRestart[0].position).toBeGreaterThan(checkpoint);
    });

    it('finds events written by another process by polling', async () => {
      const received: RecordedEvent[] = [];
      subscriptions.push(store.subscribeAll(null, (batch) => void received.push(...batch)));

      client.seedEvent('user-elsewhere', 'UserCreated');

      await waitUntil(() => received.length === 1);
      expect(received[0].stream).toBe('user-elsewhere');
    });
  });

  describe('where KurrentDB differs from the other stores', () => {
    it('writes an event id again in another stream: ids are not indexed across streams', async () => {
      await store.append('user-1', [{ ...event(), id: 'event-1' }], 'no_stream');
      await store.append('user-2', [{ ...event(), id: 'event-1' }], 'no_stream');

      expect((await store.readAll(null, 10)).map(({ id }) => id)).toEqual(['event-1', 'event-1']);
    });

    it('answers a repeated append (same ids, same expected revision) with success and writes it once', async () => {
      const events = [{ ...event(), id: 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b' }];
      const first = await store.append('user-1', events, 'no_stream');
      const again = await store.append('user-1', events, 'no_stream');

      expect(again).toEqual(first);
      expect(await store.readStream('user-1')).toHaveLength(1);
    });
  });

  describe('lifecycle', () => {
    it('leaves an injected client open on close; it belongs to the caller', async () => {
      await store.close();
      expect(client.disposed).toBe(false);
    });

    it('connects with a connection string and reports an unreachable server as unavailable', async () => {
      const port = await unusedPort();
      const real = new KurrentDbEventStore({ connectionString: `kurrentdb://127.0.0.1:${port}?tls=false` });
      try {
        await expect(real.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(real.append('user-1', [event()], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(real.readStream('user-1')).rejects.toBeInstanceOf(EventStoreUnavailableError);
      } finally {
        await real.close();
      }
    }, 30_000);
  });
});

function event(type = 'SomethingHappened'): NewEvent {
  return { type, data: { at: Math.random() } };
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

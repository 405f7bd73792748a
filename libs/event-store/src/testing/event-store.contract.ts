import type { EventStore, ExpectedRevision, NewEvent, Position, RecordedEvent, Subscription } from '../event-store';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';

export interface EventStoreFixture {
  store: EventStore;
  cleanup(): Promise<void>;
}

export interface EventStoreContractOptions {
  /** How long a test waits for a subscription to deliver (default 3000 ms); raise it for a remote store. */
  deliveryTimeoutMs?: number;
}

/**
 * The behaviour every EventStore adapter must show. `factory` gives each test a fresh, empty store.
 * Adapters should silence their subscription `onError` reporting: some tests make handlers fail on purpose.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void {
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 3000;
  const subscriptionTestTimeoutMs = deliveryTimeoutMs * 3;

  describe(`${name} — event store contract`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('append', () => {
      it('appends to a new stream with no_stream, numbering revisions from 0', async () => {
        const result = await store.append('user-1', [event('UserCreated'), event('RolesChanged')], 'no_stream');

        const events = await store.readStream('user-1');
        expect(events.map(({ stream, revision, type }) => ({ stream, revision, type }))).toEqual([
          { stream: 'user-1', revision: 0, type: 'UserCreated' },
          { stream: 'user-1', revision: 1, type: 'RolesChanged' },
        ]);
        expect(events[1].position).toBeGreaterThan(events[0].position);
        expect(result).toEqual({ position: events[1].position, revisions: { 'user-1': 1 } });
      });

      it('appends at the current revision of an existing stream', async () => {
        await store.append('user-1', [event(), event()], 'no_stream');

        const result = await store.append('user-1', [event()], 1);

        expect(result.revisions).toEqual({ 'user-1': 2 });
        expect(await revisionsOf('user-1')).toEqual([0, 1, 2]);
      });

      it('rejects no_stream when the stream exists, writing nothing', async () => {
        await store.append('user-1', [event()], 'no_stream');

        await expectConflict(store.append('user-1', [event()], 'no_stream'), 'user-1', 'no_stream', 0);
        expect(await revisionsOf('user-1')).toEqual([0]);
      });

      it('rejects a revision that is not the current one, writing nothing', async () => {
        await store.append('user-1', [event(), event()], 'no_stream');

        await expectConflict(store.append('user-1', [event()], 0), 'user-1', 0, 1);
        await expectConflict(store.append('user-1', [event()], 5), 'user-1', 5, 1);
        expect(await revisionsOf('user-1')).toEqual([0, 1]);
      });

      it('rejects a revision number for a stream that does not exist', async () => {
        await expectConflict(store.append('user-1', [event()], 0), 'user-1', 0, -1);

        expect(await store.readStream('user-1')).toEqual([]);
        expect(await store.headPosition()).toBeNull();
      });

      it("appends with 'any' whether or not the stream exists", async () => {
        await store.append('user-1', [event()], 'any');
        const result = await store.append('user-1', [event()], 'any');

        expect(result.revisions).toEqual({ 'user-1': 1 });
        expect(await revisionsOf('user-1')).toEqual([0, 1]);
      });

      it('appends to several streams in one atomic append', async () => {
        await store.append('user-1', [event()], 'no_stream');

        const result = await store.appendMany([
          { stream: 'username-acme-alice', events: [event('UserNameReserved')], expectedRevision: 'no_stream' },
          { stream: 'user-1', events: [event('ProfileUpdated'), event('RolesChanged')], expectedRevision: 0 },
        ]);

        expect(result.revisions).toEqual({ 'username-acme-alice': 0, 'user-1': 2 });
        const log = await readWholeLog(store);
        expect(log.map(({ stream, revision }) => `${stream}@${revision}`)).toEqual([
          'user-1@0',
          'username-acme-alice@0',
          'user-1@1',
          'user-1@2',
        ]);
        expect(result.position).toBe(log[3].position);
      });

      it('writes nothing to any stream when one expected revision of a multi-stream append fails', async () => {
        await store.append('user-1', [event()], 'no_stream');
        const headBefore = await store.headPosition();

        const append = store.appendMany([
          { stream: 'username-acme-alice', events: [event()], expectedRevision: 'no_stream' },
          { stream: 'user-2', events: [event()], expectedRevision: 'any' },
          { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
        ]);

        await expectConflict(append, 'user-1', 'no_stream', 0);
        expect(await store.readStream('username-acme-alice')).toEqual([]);
        expect(await store.readStream('user-2')).toEqual([]);
        expect(await revisionsOf('user-1')).toEqual([0]);
        expect(await store.headPosition()).toBe(headBefore);
      });

      it('applies appends to the same stream within one append in order', async () => {
        const result = await store.appendMany([
          { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
          { stream: 'user-1', events: [event()], expectedRevision: 0 },
        ]);

        expect(result.revisions).toEqual({ 'user-1': 1 });
        expect(await revisionsOf('user-1')).toEqual([0, 1]);
      });

      it('treats an append without events as an assertion of the expected revision', async () => {
        const created = await store.appendMany([
          { stream: 'user-1', events: [event()], expectedRevision: 'no_stream' },
          { stream: 'tenant-acme', events: [], expectedRevision: 'no_stream' },
        ]);
        expect(created.revisions).toEqual({ 'user-1': 0, 'tenant-acme': -1 });

        const asserted = await store.append('user-1', [], 0);
        expect(asserted).toEqual({ position: created.position, revisions: { 'user-1': 0 } });
        expect(await store.headPosition()).toBe(created.position);

        await expectConflict(store.append('user-1', [], 'no_stream'), 'user-1', 'no_stream', 0);
        await expectConflict(
          store.appendMany([
            { stream: 'user-2', events: [event()], expectedRevision: 'no_stream' },
            { stream: 'user-1', events: [], expectedRevision: 3 },
          ]),
          'user-1',
          3,
          0,
        );
        expect(await store.readStream('user-2')).toEqual([]);
      });

      it('keeps caller-provided event ids and generates unique ones otherwise', async () => {
        await store.append('user-1', [{ ...event(), id: 'caller-chosen-id' }, event(), event()], 'no_stream');
        await store.append('user-2', [event(), event()], 'no_stream');

        const ids = (await readWholeLog(store)).map((recorded) => recorded.id);
        expect(ids[0]).toBe('caller-chosen-id');
        expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
        expect(new Set(ids).size).toBe(5);
      });

      it('rejects an event id that is already in the log, writing nothing', async () => {
        await store.append('user-1', [{ ...event(), id: 'event-1' }], 'no_stream');

        const again = store.appendMany([
          { stream: 'user-2', events: [event()], expectedRevision: 'no_stream' },
          { stream: 'user-3', events: [{ ...event(), id: 'event-1' }], expectedRevision: 'no_stream' },
        ]);
        await expect(again).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(again).rejects.toMatchObject({ eventId: 'event-1' });

        const twiceInOneAppend = store.append(
          'user-4',
          [
            { ...event(), id: 'event-2' },
            { ...event(), id: 'event-2' },
          ],
          'any',
        );
        await expect(twiceInOneAppend).rejects.toBeInstanceOf(DuplicateEventIdError);

        expect((await readWholeLog(store)).map((recorded) => recorded.id)).toEqual(['event-1']);
      });

      it('gives data and metadata back as stored JSON', async () => {
        const data = {
          name: { given: 'Zoë', family: "O'Brien 山田" },
          roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
          age: 42,
          ratio: 0.25,
          active: true,
          nothing: null,
          createdAt: new Date('2024-05-01T10:00:00.000Z'),
        };
        const metadata = { correlationId: 'c-1', actor: { id: 'u-9', type: 'SYSTEM' } };

        const appendedAt = Date.now();
        await store.append(
          'user-1',
          [
            { type: 'UserCreated', data, metadata },
            { type: 'Plain', data: {} },
          ],
          'no_stream',
        );

        const [withMetadata, withoutMetadata] = await store.readStream('user-1');
        expect(withMetadata.data).toEqual({ ...data, createdAt: '2024-05-01T10:00:00.000Z' });
        expect(withMetadata.metadata).toEqual(metadata);
        expect(withoutMetadata.data).toEqual({});
        expect(withoutMetadata.metadata).toEqual({});
        expect(withMetadata.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(withMetadata.recordedAt.getTime() - appendedAt)).toBeLessThan(60_000);
      });

      it('rejects a payload that is not JSON without affecting appends submitted with it', async () => {
        const circular: Record<string, unknown> = {};
        circular.self = circular;

        const [bad, good] = await Promise.allSettled([
          store.append('user-1', [{ type: 'UserCreated', data: circular }], 'no_stream'),
          store.append('user-2', [event()], 'no_stream'),
        ]);

        expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(TypeError) });
        expect(good).toMatchObject({ status: 'fulfilled', value: { revisions: { 'user-2': 0 } } });
        expect(await store.readStream('user-1')).toEqual([]);
      });

      it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
        const attempts = Array.from({ length: 20 }, (_, index) =>
          store.append('user-1', [{ ...event(), id: `attempt-${index}` }], 'no_stream'),
        );

        const outcomes = await Promise.allSettled(attempts);

        const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        for (const loser of losers) {
          expect(loser).toBeInstanceOf(WrongExpectedRevisionError);
          expect(loser).toMatchObject({ stream: 'user-1', expected: 'no_stream', actual: 0 });
        }
        const written = await store.readStream('user-1');
        expect(written).toHaveLength(1);
        expect(written[0].id).toBe(`attempt-${outcomes.indexOf(winners[0])}`);
      });

      it('lets concurrent appends to different streams all succeed', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, index) => store.append(`user-${index}`, [event()], 'no_stream')),
        );

        const log = await readWholeLog(store);
        expect(log).toHaveLength(50);
        expect(new Set(results.map((result) => result.position)).size).toBe(50);
        results.forEach((result, index) => {
          expect(result.revisions).toEqual({ [`user-${index}`]: 0 });
          expect(log.find((recorded) => recorded.position === result.position)?.stream).toBe(`user-${index}`);
        });
      });
    });

    describe('read', () => {
      it('reads a stream from the given revision', async () => {
        await store.append('user-1', [event(), event(), event(), event(), event()], 'no_stream');

        expect(await revisionsOf('user-1', 2)).toEqual([2, 3, 4]);
        expect(await revisionsOf('user-1', 0)).toEqual([0, 1, 2, 3, 4]);
        expect(await store.readStream('user-1', 5)).toEqual([]);
        expect(await store.readStream('user-404')).toEqual([]);
      });

      it('reads up to `limit` events of the whole log strictly after a position, in position order', async () => {
        for (let round = 0; round < 3; round++) {
          await store.append('user-a', [event()], 'any');
          await store.append('user-b', [event()], 'any');
        }

        const all = await store.readAll(null, 100);
        expect(all).toHaveLength(6);
        expect(all.map((recorded) => recorded.stream)).toEqual([
          'user-a',
          'user-b',
          'user-a',
          'user-b',
          'user-a',
          'user-b',
        ]);
        all.slice(1).forEach((recorded, index) => expect(recorded.position).toBeGreaterThan(all[index].position));

        const page = await store.readAll(all[1].position, 2);
        expect(page.map((recorded) => recorded.id)).toEqual([all[2].id, all[3].id]);
        expect(await store.readAll(all[5].position, 10)).toEqual([]);
        expect(await store.readAll(null, 0)).toEqual([]);
      });

      it('reports the position of the last event as head, null while the log is empty', async () => {
        expect(await store.headPosition()).toBeNull();

        await store.append('user-1', [event()], 'no_stream');
        const last = await store.append('user-2', [event(), event()], 'no_stream');

        expect(await store.headPosition()).toBe(last.position);
      });
    });

    describe('aggregate', () => {
      type Counted = { type: 'Counted'; data: { by: number } };
      const count = (total: number, counted: Counted) => total + counted.data.by;
      const counted = (by: number): NewEvent<Counted> => ({ type: 'Counted', data: { by } });

      it('folds a stream with evolve from the initial state, with its revision and the position of its last event', async () => {
        await store.append('counter-1', [counted(2), counted(3)], 'no_stream');
        const last = await store.append('counter-1', [counted(4)], 1);
        await store.append('counter-2', [counted(100)], 'no_stream');

        expect(await store.aggregate('counter-1', count, 10)).toEqual({
          state: 19,
          revision: 2,
          position: last.position,
        });
      });

      it('gives the initial state, revision -1 and no position for a stream that does not exist', async () => {
        expect(await store.aggregate('counter-404', count, 10)).toEqual({ state: 10, revision: -1, position: null });
      });
    });

    describe('subscribeAll', () => {
      let subscriptions: Subscription[];

      beforeEach(() => {
        subscriptions = [];
      });

      afterEach(async () => {
        await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      });

      function subscribe(after: Position | null, handler: (batch: RecordedEvent[]) => Promise<void> | void): void {
        subscriptions.push(store.subscribeAll(after, handler));
      }

      /** Appends a marker and waits for it, so everything before it has been delivered (or duplicated). */
      async function settle(received: RecordedEvent[]): Promise<void> {
        const { position } = await store.append('marker', [event('Marker')], 'any');
        await waitUntil(() => received.some((recorded) => recorded.position === position), deliveryTimeoutMs);
      }

      it('honours a per-subscription batch size and wake-up delay, delivering everything in order', async () => {
        await store.append(
          'sized',
          Array.from({ length: 25 }, () => event()),
          'no_stream',
        );
        const received: RecordedEvent[] = [];
        const sizes: number[] = [];
        subscriptions.push(
          store.subscribeAll(
            null,
            (batch) => {
              sizes.push(batch.length);
              received.push(...batch);
            },
            { batchSize: 10, wakeDelayMs: 5 },
          ),
        );
        await waitUntil(() => received.length >= 25, deliveryTimeoutMs);
        await store.append('sized-live', [event(), event()], 'no_stream');
        await settle(received);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
        const positions = received.map((recorded) => recorded.position);
        expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
        expect(new Set(positions).size).toBe(positions.length);
        expect(received.filter((recorded) => recorded.stream.startsWith('sized'))).toHaveLength(27);
      });

      it(
        'catches up, then delivers every new event exactly once and in order, also those appended during catch-up',
        async () => {
          for (let round = 0; round < 12; round++) {
            await store.append(
              `user-${round}`,
              Array.from({ length: 100 }, () => event()),
              'no_stream',
            );
          }
          const received: RecordedEvent[] = [];
          let appendedDuringCatchUp = false;

          subscribe(null, async (batch) => {
            received.push(...batch);
            if (!appendedDuringCatchUp) {
              appendedDuringCatchUp = true;
              await store.append('during-catch-up', [event(), event()], 'no_stream');
            }
          });
          const concurrentAppends = Array.from({ length: 10 }, (_, index) =>
            store.append(`concurrent-${index}`, [event()], 'no_stream'),
          );
          await Promise.all(concurrentAppends);
          await settle(received);
          await store.append('live', [event(), event(), event()], 'no_stream');
          await settle(received);

          const log = await readWholeLog(store);
          expect(log).toHaveLength(1200 + 2 + 10 + 1 + 3 + 1);
          expect(received.map((recorded) => recorded.id)).toEqual(log.map((recorded) => recorded.id));
        },
        subscriptionTestTimeoutMs,
      );

      it(
        'delivers only the events after the given position',
        async () => {
          await store.append('user-1', [event(), event()], 'no_stream');
          const { position } = await store.append('user-2', [event()], 'no_stream');
          await store.append('user-3', [event()], 'no_stream');
          const received: RecordedEvent[] = [];

          subscribe(position, (batch) => {
            received.push(...batch);
          });
          await settle(received);

          expect(received.map((recorded) => recorded.stream)).toEqual(['user-3', 'marker']);
        },
        subscriptionTestTimeoutMs,
      );

      it(
        'hands over the next batch only after the handler resolved',
        async () => {
          const received: RecordedEvent[] = [];
          let running = 0;
          let mostRunningAtOnce = 0;

          subscribe(null, async (batch) => {
            running++;
            mostRunningAtOnce = Math.max(mostRunningAtOnce, running);
            await delay(20);
            received.push(...batch);
            running--;
          });
          for (let index = 0; index < 5; index++) {
            await store.append(`user-${index}`, [event()], 'no_stream');
            await delay(5);
          }
          await settle(received);

          expect(mostRunningAtOnce).toBe(1);
          expect(received.map((recorded) => recorded.stream)).toEqual([
            'user-0',
            'user-1',
            'user-2',
            'user-3',
            'user-4',
            'marker',
          ]);
        },
        subscriptionTestTimeoutMs,
      );

      it(
        'retries the same batch after the handler failed, skipping and repeating nothing once it succeeds',
        async () => {
          await store.append('user-1', [event(), event()], 'no_stream');
          const calls: string[][] = [];
          const received: RecordedEvent[] = [];
          let failuresLeft = 2;

          subscribe(null, async (batch) => {
            calls.push(batch.map((recorded) => recorded.stream));
            if (failuresLeft > 0) {
              failuresLeft--;
              if (failuresLeft === 1) await store.append('user-2', [event()], 'no_stream');
              throw new Error('read model is down');
            }
            received.push(...batch);
          });
          await waitUntil(() => received.length >= 2, deliveryTimeoutMs);
          await settle(received);

          expect(calls.slice(0, 3)).toEqual([
            ['user-1', 'user-1'],
            ['user-1', 'user-1'],
            ['user-1', 'user-1'],
          ]);
          expect(received.map((recorded) => recorded.stream)).toEqual(['user-1', 'user-1', 'user-2', 'marker']);
        },
        subscriptionTestTimeoutMs,
      );

      it(
        'stop() resolves after the running handler finished, and nothing is delivered afterwards',
        async () => {
          const received: RecordedEvent[] = [];
          let handlerStarted = false;
          let handlerFinished = false;
          const subscription = store.subscribeAll(null, async (batch) => {
            handlerStarted = true;
            await delay(50);
            received.push(...batch);
            handlerFinished = true;
          });
          subscriptions.push(subscription);
          await store.append('user-1', [event()], 'no_stream');
          await waitUntil(() => handlerStarted, deliveryTimeoutMs);

          await subscription.stop();

          expect(handlerFinished).toBe(true);
          await store.append('user-2', [event()], 'no_stream');
          await delay(300);
          expect(received.map((recorded) => recorded.stream)).toEqual(['user-1']);
        },
        subscriptionTestTimeoutMs,
      );

      it('stop() ends a subscription that is waiting for events', async () => {
        const subscription = store.subscribeAll(null, () => undefined);
        await delay(10);

        await expect(subscription.stop()).resolves.toBeUndefined();
      });
    });

    describe('close', () => {
      it('stops the subscriptions and refuses further use', async () => {
        let delivered = 0;
        store.subscribeAll(null, () => {
          delivered++;
        });
        await store.append('user-1', [event()], 'no_stream');
        await waitUntil(() => delivered === 1, deliveryTimeoutMs);

        await store.close();

        await expect(store.append('user-2', [event()], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
        await expect(store.readAll(null, 10)).rejects.toBeInstanceOf(EventStoreUnavailableError);
        expect(() => store.subscribeAll(null, () => undefined)).toThrow(EventStoreUnavailableError);
      });
    });

    async function revisionsOf(stream: string, fromRevision?: number): Promise<number[]> {
      return (await store.readStream(stream, fromRevision)).map((recorded) => recorded.revision);
    }
  });
}

function event(type = 'SomethingHappened'): NewEvent {
  return { type, data: { at: Math.random() } };
}

async function expectConflict(
  append: Promise<unknown>,
  stream: string,
  expected: ExpectedRevision,
  actual: number,
): Promise<void> {
  const error = await append.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ stream, expected, actual });
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll(log.at(-1)?.position ?? null, 500);
    if (batch.length === 0) return log;
    log.push(...batch);
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(5);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

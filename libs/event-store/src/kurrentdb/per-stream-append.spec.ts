import type { EventStore, RecordedEvent, StreamAppend, UntypedEvent } from '../event-store';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import type { AppendCompensated, AppendCompensatedData } from './compensation';
import { APPEND_COMPENSATED, withoutVoided } from './compensation';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import type { PerStreamAppendOptions } from './per-stream-append';

/**
 * The fallback for servers without multi-stream append (EventStoreDB 22.10–24.x), on a fake 24.10 server with
 * failures injected between and during its steps. After each scenario, `reservationState` applies the reader
 * rule of docs/kurrentdb.md to show that no name stays blocked and no name is given away while its user exists.
 */
describe('KurrentDbEventStore per-stream fallback (EventStoreDB < 25.1)', () => {
  const USER_ID = '7c1e4b7e-8a59-4c38-9d0c-2f6f1a3b5c7d';
  const USER = `user-${USER_ID}`;
  const NAME = 'username-acme-CITIZEN-alice';
  const MOBILE = 'mobile-acme-9999999999';
  const PARENT = 'user-0d9b2c1a-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  const GRACE_MS = 300_000;

  let client: FakeKurrentDbClient;
  let store: KurrentDbEventStore;
  let clock: number;
  let compensationFailures: Array<{ error: unknown; stream: string }>;

  beforeEach(() => {
    client = new FakeKurrentDbClient({ serverVersion: '24.10', now: () => clock });
    clock = 1_000_000;
    compensationFailures = [];
    store = createStore();
  });

  afterEach(() => store.close());

  function createStore(fallback: Partial<PerStreamAppendOptions> = {}): KurrentDbEventStore {
    return new KurrentDbEventStore({
      client,
      subscription: { onError: () => undefined },
      fallback: {
        retryDelayMs: 1,
        now: () => clock,
        onCompensationFailure: (error, stream) => compensationFailures.push({ error, stream }),
        ...fallback,
      },
    });
  }

  /** How the user-service creates a user: its own stream first, then the reservations, then guards. */
  function createUser(...more: StreamAppend[]) {
    return store.appendMany([
      {
        stream: USER,
        events: [{ type: 'UserCreated', data: { userId: USER_ID, userName: 'alice' } }],
        expectedRevision: 'no_stream',
      },
      {
        stream: NAME,
        events: [{ type: 'UserNameReserved', data: { userId: USER_ID } }],
        expectedRevision: 'no_stream',
      },
      ...more,
    ]);
  }

  function writesInOrder(): string[] {
    return client.calls.filter(({ operation }) => operation === 'appendToStream').map(({ streams }) => streams[0]);
  }

  it('writes the reservation first and the user stream last, as single-stream appends', async () => {
    const result = await createUser();

    expect(client.calls.filter(({ refused }) => refused).map(({ operation }) => operation)).toEqual([
      'appendRecords',
      'multiStreamAppend',
    ]);
    expect(writesInOrder()).toEqual([NAME, USER]);
    const [created] = await store.readStream(USER);
    expect(result).toEqual({ position: created.position, revisions: { [USER]: 0, [NAME]: 0 } });
    expect(await reservationState(NAME)).toBe('held');
  });

  it('remembers that the server has no multi-stream append', async () => {
    await createUser();
    await store.appendMany([
      { stream: USER, events: [{ type: 'ProfileUpdated', data: {} }], expectedRevision: 0 },
      { stream: PARENT, events: [], expectedRevision: 'no_stream' },
    ]);

    expect(client.calls.filter(({ refused }) => refused)).toHaveLength(2);
  });

  it('finds an ordinary conflict by reading first, and writes nothing', async () => {
    await store.append(NAME, [{ type: 'UserNameReserved', data: { userId: 'someone-else' } }], 'no_stream');
    client.calls.length = 0;

    await expect(createUser()).rejects.toMatchObject({ stream: NAME, expected: 'no_stream', actual: 0 });

    expect(writesInOrder()).toEqual([]);
    expect(await store.readStream(USER)).toEqual([]);
  });

  it('voids the reservation with AppendCompensated when the user write is rejected', async () => {
    // Another writer creates the user stream after the checks, right before our user write.
    client.failNext({
      operation: 'appendToStream',
      when: 'before',
      stream: USER,
      interleave: () => client.seedEvent(USER, 'UserCreated'),
    });

    const failed = createUser();

    await expect(failed).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(failed).rejects.toMatchObject({ stream: USER, expected: 'no_stream', actual: 0 });
    const [reserved, compensated] = await store.readStream(NAME);
    expect(compensated.type).toBe(APPEND_COMPENSATED);
    expect(compensated.data).toEqual({
      voidedEventIds: [reserved.id],
      commitStream: USER,
      reason: expect.stringContaining(USER),
    } satisfies AppendCompensatedData);
    expect(await reservationState(NAME)).toBe('free');
  });

  it('voids the claims already written when a later claim conflicts, and never writes the user', async () => {
    client.failNext({
      operation: 'appendToStream',
      when: 'before',
      stream: MOBILE,
      interleave: () => client.seedEvent(MOBILE, 'MobileNumberReserved'),
    });

    const failed = createUser({
      stream: MOBILE,
      events: [{ type: 'MobileNumberReserved', data: {} }],
      expectedRevision: 'no_stream',
    });

    await expect(failed).rejects.toMatchObject({ stream: MOBILE, expected: 'no_stream', actual: 0 });
    expect(writesInOrder()).toEqual([NAME, MOBILE, NAME]);
    expect((await store.readStream(NAME)).map(({ type }) => type)).toEqual(['UserNameReserved', APPEND_COMPENSATED]);
    expect(await store.readStream(USER)).toEqual([]);
    expect(await reservationState(NAME)).toBe('free');
  });

  it('repeats a reservation whose reply was lost with the same ids; the server counts it once', async () => {
    client.failNext({ operation: 'appendToStream', when: 'after-write', stream: NAME });

    await createUser();

    expect(writesInOrder()).toEqual([NAME, NAME, USER]);
    expect((await store.readStream(NAME)).map(({ type }) => type)).toEqual(['UserNameReserved']);
    expect(await reservationState(NAME)).toBe('held');
  });

  it('repeats a user write whose reply was lost and recognises it as done', async () => {
    client.failNext({ operation: 'appendToStream', when: 'after-write', stream: USER });

    const result = await createUser();

    expect(writesInOrder()).toEqual([NAME, USER, USER]);
    expect(result.revisions).toEqual({ [USER]: 0, [NAME]: 0 });
    expect(await store.readStream(USER)).toHaveLength(1);
    expect(await store.readStream(NAME)).toHaveLength(1);
  });

  it('compensates nothing when the user write stays unknown but landed: the name stays with the user', async () => {
    client.failNext({ operation: 'appendToStream', when: 'after-write', stream: USER });
    client.failNext({ operation: 'appendToStream', when: 'before', stream: USER });
    client.failNext({ operation: 'appendToStream', when: 'before', stream: USER });

    const failed = createUser();

    await expect(failed).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(failed).rejects.toThrow(/may or may not have landed/);
    expect(await store.readStream(USER)).toHaveLength(1);
    expect((await store.readStream(NAME)).map(({ type }) => type)).toEqual(['UserNameReserved']);
    clock += GRACE_MS * 2;
    expect(await reservationState(NAME)).toBe('held');
  });

  it('leaves a reservation whose user never appeared pending, then free after the grace period', async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      client.failNext({ operation: 'appendToStream', when: 'before', stream: USER });

    await expect(createUser()).rejects.toBeInstanceOf(EventStoreUnavailableError);

    expect(await store.readStream(USER)).toEqual([]);
    expect(await reservationState(NAME)).toBe('pending');
    clock += GRACE_MS + 1;
    expect(await reservationState(NAME)).toBe('free');
  });

  it('voids a claim whose outcome stayed unknown as well as those written before it', async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      client.failNext({ operation: 'appendToStream', when: 'before', stream: MOBILE });

    const failed = createUser({
      stream: MOBILE,
      events: [{ type: 'MobileNumberReserved', data: {} }],
      expectedRevision: 'no_stream',
    });

    await expect(failed).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect((await store.readStream(MOBILE)).map(({ type }) => type)).toEqual([APPEND_COMPENSATED]);
    expect((await store.readStream(NAME)).map(({ type }) => type)).toEqual(['UserNameReserved', APPEND_COMPENSATED]);
    expect(await store.readStream(USER)).toEqual([]);
  });

  it('compensates instead of committing once the commit deadline has passed', async () => {
    client.failNext({
      operation: 'appendToStream',
      when: 'after-write',
      stream: NAME,
      interleave: () => (clock += 10_001),
    });

    const failed = createUser();

    await expect(failed).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(failed).rejects.toThrow(/commit deadline of 10000 ms/);
    expect(writesInOrder()).toEqual([NAME, NAME]);
    expect(await store.readStream(USER)).toEqual([]);
    expect(await reservationState(NAME)).toBe('free');
  });

  it('checks assert-only entries again right before the user write', async () => {
    await store.append(PARENT, [{ type: 'UserCreated', data: {} }], 'no_stream');
    client.failNext({
      operation: 'appendToStream',
      when: 'before',
      stream: NAME,
      interleave: () => client.seedEvent(PARENT, 'ParentLinked'),
    });

    const failed = createUser({ stream: PARENT, events: [], expectedRevision: 0 });

    await expect(failed).rejects.toMatchObject({ stream: PARENT, expected: 0, actual: 1 });
    expect(await store.readStream(USER)).toEqual([]);
    expect(await reservationState(NAME)).toBe('free');
  });

  it('reports a compensation it cannot write; the grace period then frees the name', async () => {
    client.failNext({
      operation: 'appendToStream',
      when: 'before',
      stream: USER,
      interleave: () => {
        client.seedEvent(USER, 'UserCreated'); // the user write will conflict…
        for (let attempt = 0; attempt < 3; attempt++)
          client.failNext({ operation: 'appendToStream', when: 'before', stream: NAME });
      }, // …and the compensation of the reservation cannot reach the server.
    });

    await expect(createUser()).rejects.toBeInstanceOf(WrongExpectedRevisionError);

    expect(compensationFailures.map(({ stream }) => stream)).toEqual([NAME]);
    expect((await store.readStream(NAME)).map(({ type }) => type)).toEqual(['UserNameReserved']);
    // The user stream exists (the other writer's), but it is not the holder's name: pending, then free.
    clock += GRACE_MS + 1;
    expect(await reservationState(NAME)).toBe('free');
  });

  it('converts every event before the first write, so an unstorable one writes nothing', async () => {
    const failed = store.appendMany([
      {
        stream: USER,
        events: [{ type: 'UserCreated', data: {}, metadata: { 'roster.eventId': 'x' } }],
        expectedRevision: 'no_stream',
      },
      {
        stream: NAME,
        events: [{ type: 'UserNameReserved', data: { userId: USER_ID } }],
        expectedRevision: 'no_stream',
      },
    ]);

    await expect(failed).rejects.toBeInstanceOf(TypeError);
    expect(writesInOrder()).toEqual([]);
  });

  /**
   * The reader rule of docs/kurrentdb.md, as the user-service applies it to a reservation stream: void what an
   * AppendCompensated lists; the last remaining reservation is held if its user exists and carries the name,
   * pending within the grace period, free after it.
   */
  async function reservationState(stream: string): Promise<'held' | 'pending' | 'free'> {
    const events = withoutVoided(await store.readStream<UntypedEvent | AppendCompensated>(stream));
    const reservation = events.filter(({ type }) => type === 'UserNameReserved').at(-1);
    if (!reservation) return 'free';
    if (await carriesName(store, reservation)) return 'held';
    // recordedAt is the server's clock (here the fake's, which follows the test clock).
    return clock - reservation.recordedAt.getTime() < GRACE_MS ? 'pending' : 'free';
  }
});

async function carriesName(store: EventStore, reservation: RecordedEvent): Promise<boolean> {
  const userId = reservation.data.userId as string;
  const created = (await store.readStream(`user-${userId}`)).find(({ type }) => type === 'UserCreated');
  return created?.data.userName === 'alice';
}

import { InMemoryEventStore } from '@roster/event-store/memory';
import { EncryptingEventStore, KeyRing, PersonalDataVault, rosterPersonalData } from '@roster/personal-data';
import { InMemoryKeyStore } from '@roster/personal-data/memory';
import { isUserStream } from '@roster/domain';
import type { IdempotencyKey } from '@roster/user-service-contract';
import { MovableClock } from '../egov/testing/egov-fixture';
import { NumericIds } from '../users/numeric-ids';
import { Reservations } from '../users/reservations';
import { UserStreams } from '../users/user-streams';
import { CreateUserCommand } from '../users/create-user/create-user.command';
import { CreateUserHandler } from '../users/create-user/create-user.handler';
import { UpdateUserCommand } from '../users/update-user/update-user.command';
import { UpdateUserHandler } from '../users/update-user/update-user.handler';
import type { IdempotentAnswerRecorded } from './idempotent-requests';
import { IDEMPOTENCY_STREAM_PREFIX, IdempotentRequests } from './idempotent-requests';

const HOUR = 3_600_000;

describe('idempotent writes', () => {
  let store: InMemoryEventStore;
  let clock: MovableClock;
  let create: CreateUserHandler;
  let update: UpdateUserHandler;

  beforeEach(() => {
    store = new InMemoryEventStore();
    clock = new MovableClock();
    const streams = new UserStreams(store);
    const reservations = new Reservations(store, streams);
    const idempotency = new IdempotentRequests(store, clock);
    create = new CreateUserHandler(streams, clock, reservations, new NumericIds(store), idempotency);
    update = new UpdateUserHandler(streams, clock, reservations, idempotency);
  });
  afterEach(() => store.close());

  const key = (fingerprint = 'f1', caller = 'apikey:one'): IdempotencyKey => ({ key: 'k-1', caller, fingerprint });
  const newUser = (idempotencyKey?: IdempotencyKey, userName: string | null = 'asha') =>
    create.execute(
      new CreateUserCommand('pb', {
        userType: 'CITIZEN',
        userName,
        profile: { firstName: 'Asha', lastName: 'Rani' },
        parentId: null,
        idempotencyKey,
      }),
    );
  const userStreams = async () =>
    new Set((await store.readAll(null, 10_000)).map((e) => e.stream).filter(isUserStream));

  it('a repeated request answers the first answer — value, revision, consistency token — and writes nothing', async () => {
    const first = await newUser(key());
    const head = await store.headPosition();
    const again = await newUser(key());
    expect(again).toEqual(first);
    expect(await store.headPosition()).toBe(head);
    expect((await userStreams()).size).toBe(1);
  });

  it('the same key with another request is refused as reused, naming the header', async () => {
    await newUser(key('f1'));
    await expect(newUser(key('f2'))).rejects.toMatchObject({
      code: 'idempotency_key_reused',
      kind: 'unprocessable',
      field: 'Idempotency-Key',
    });
  });

  it('the key is the caller’s: another caller with the same key makes its own write', async () => {
    const first = await newUser(key('f1', 'apikey:one'), 'asha');
    const other = await newUser(key('f1', 'apikey:two'), 'ravi');
    expect(other.value.id).not.toBe(first.value.id);
  });

  it('50 concurrent requests with one key create exactly one user, and all answer it', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => newUser(key())));
    expect(new Set(answers.map((answer) => answer.value.id)).size).toBe(1);
    expect(new Set(answers.map((answer) => answer.position)).size).toBe(1);
    expect((await userStreams()).size).toBe(1);
  });

  it('after the time to live the key is free again', async () => {
    const first = await newUser(key(), 'asha');
    clock.advance(24 * HOUR);
    const later = await newUser(key(), 'ravi');
    expect(later.value.id).not.toBe(first.value.id);
  });

  /** Renames the user with If-Match its revision `revision`. */
  const rename = (userId: string, revision: number, idempotencyKey?: IdempotencyKey) =>
    update.execute(
      new UpdateUserCommand('pb', userId, { lastName: 'Devi' }, undefined, revision, undefined, idempotencyKey),
    );

  it('updates replay too, even when the same request would now fail its If-Match', async () => {
    const created = await newUser();
    const change = (idempotencyKey?: IdempotencyKey) => rename(created.value.id, created.revision, idempotencyKey);
    const first = await change(key());
    const head = await store.headPosition();
    await expect(change(key())).resolves.toEqual(first);
    expect(await store.headPosition()).toBe(head);
    await expect(change()).rejects.toMatchObject({ name: 'WrongExpectedRevisionError' });
  });

  it('concurrent updates with one key and an If-Match: one writes, every answer is its answer', async () => {
    const created = await newUser();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => rename(created.value.id, created.revision, key())),
    );
    expect(new Set(answers.map((answer) => answer.revision))).toEqual(new Set([created.revision + 1]));
    expect((await store.readStream(`user-${created.value.id}`)).length).toBe(created.revision + 2);
  });

  it('records which users an answer is about, so it can be encrypted with their keys', async () => {
    const recorded = async () =>
      (await store.readAll(null, 10_000))
        .filter((event) => event.stream.startsWith(IDEMPOTENCY_STREAM_PREFIX))
        .map((event) => (event.data as IdempotentAnswerRecorded['data']).subjects);
    const created = await newUser(key('f1', 'apikey:one'));
    await rename(created.value.id, created.revision, key('f2', 'apikey:two'));
    expect(await recorded()).toEqual([[created.value.id], [created.value.id]]);
  });

  it('a repeated request whose answer showed a user erased since is refused as gone, writing nothing', async () => {
    const vault = new PersonalDataVault(new InMemoryKeyStore(), new KeyRing(Buffer.alloc(32, 3)));
    const encrypted = new EncryptingEventStore(new InMemoryEventStore(), vault, rosterPersonalData);
    const streams = new UserStreams(encrypted);
    const idempotency = new IdempotentRequests(encrypted, clock);
    const creating = new CreateUserHandler(
      streams,
      clock,
      new Reservations(encrypted, streams),
      new NumericIds(encrypted),
      idempotency,
    );
    const command = new CreateUserCommand('pb', {
      userType: 'CITIZEN',
      userName: null,
      profile: { firstName: 'Asha', lastName: 'Rani' },
      parentId: null,
      idempotencyKey: key(),
    });
    const first = await creating.execute(command);
    await expect(creating.execute(command)).resolves.toEqual(first);

    await vault.erase(first.value.id, clock.now());
    const head = await encrypted.headPosition();
    await expect(creating.execute(command)).rejects.toMatchObject({
      code: 'user_erased',
      kind: 'gone',
      field: 'Idempotency-Key',
    });
    expect(await encrypted.headPosition()).toBe(head);
    await encrypted.close();
  });
});

import type { UserEvent } from '@roster/domain';
import { mobileNumberStream, userNameStream, userStream } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import type { PersonalData } from '@roster/personal-data';
import {
  EncryptingEventStore,
  isPersonalDataErased,
  KeyRing,
  PersonalDataVault,
  rosterPersonalData,
} from '@roster/personal-data';
import { InMemoryKeyStore } from '@roster/personal-data/memory';
import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { FixedClock } from '../../testing/fixed-clock';
import { CreateUserCommand } from '../create-user/create-user.command';
import { CreateUserHandler } from '../create-user/create-user.handler';
import { NumericIds } from '../numeric-ids';
import { Reservations } from '../reservations';
import { UserStreams } from '../user-streams';
import { UserErasure } from './user-erasure';

const TENANT = 'pb';
const NOW = new Date('2026-01-01T00:00:00Z');

describe('UserErasure', () => {
  let store: InMemoryEventStore;
  let readModel: SqliteUserReadModel;
  let create: CreateUserHandler;
  let personalData: { erase: jest.Mock<Promise<void>, [string, Date]> };
  let erasure: UserErasure;
  let reservations: Reservations;

  beforeEach(() => {
    store = new InMemoryEventStore();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
    const streams = new UserStreams(store);
    const clock = new FixedClock(NOW);
    reservations = new Reservations(store, streams);
    create = new CreateUserHandler(
      streams,
      clock,
      reservations,
      new NumericIds(store),
      new IdempotentRequests(store, clock),
    );
    personalData = { erase: jest.fn(async (_subject: string, _at: Date) => undefined) };
    // The projector's part, done when the erasure asks the read model to catch up with the log.
    const freshness = {
      waitFor: async () => {
        await readModel.apply(await store.readAll(await readModel.checkpoint(), 10_000));
      },
    };
    erasure = new UserErasure({
      store,
      readModel,
      freshness,
      personalData: personalData as unknown as PersonalData,
      clock,
    });
  });
  afterEach(async () => {
    await readModel.close();
    await store.close();
  });

  const newCitizen = async (userName: string, mobile: string, parentId: string | null = null) =>
    (
      await create.execute(
        new CreateUserCommand(TENANT, {
          userType: 'CITIZEN',
          userName,
          profile: { firstName: 'Ada', lastName: 'Lovelace', mobile },
          parentId,
        }),
      )
    ).value;
  const eventsOf = async (stream: string) => (await store.readStream<UserEvent>(stream)).map(({ type }) => type);

  it('appends UserErased and the releases in one append, then destroys the key', async () => {
    const ada = await newCitizen('ada', '9876543210');

    const erased = await erasure.erase(TENANT, ada.id, { by: 'admin-1', apiKeyId: 'key-1' });

    const [last] = (await store.readStream<UserEvent>(userStream(ada.id))).slice(-1);
    expect(last).toMatchObject({
      type: 'UserErased',
      data: { userId: ada.id, tenantId: TENANT, userType: 'CITIZEN', numericId: ada.numericId, by: 'admin-1' },
      metadata: { tenantId: TENANT, apiKeyId: 'key-1' },
    });
    const [appendEnd] = (await store.readAll(null, 100)).slice(-1);
    expect(erased).toEqual({ position: String(appendEnd.position), revision: last.revision });
    expect(await eventsOf(userNameStream(TENANT, 'CITIZEN', 'ada'))).toEqual(['UserNameReserved', 'UserNameReleased']);
    expect(await eventsOf(mobileNumberStream(TENANT, '9876543210'))).toEqual([
      'MobileNumberReserved',
      'MobileNumberReleased',
    ]);
    // One append: the three streams' new events sit side by side in the log.
    const tail = (await store.readAll(null, 100)).slice(-3).map(({ type }) => type);
    expect(tail).toEqual(['UserErased', 'UserNameReleased', 'MobileNumberReleased']);
    expect(personalData.erase).toHaveBeenCalledWith(ada.id, NOW);
  });

  it('frees the userName and mobile number for a new user at once', async () => {
    const ada = await newCitizen('ada', '9876543210');
    await erasure.erase(TENANT, ada.id);

    await expect(newCitizen('ADA', '9876543210')).resolves.toMatchObject({ userName: 'ADA' });
  });

  it('refuses a user with children, naming their count, and writes nothing', async () => {
    const parent = await newCitizen('parent', '9000000001');
    await newCitizen('child-1', '9000000002', parent.id);
    await newCitizen('child-2', '9000000003', parent.id);
    const before = (await store.readAll(null, 1000)).length;

    await expect(erasure.erase(TENANT, parent.id)).rejects.toMatchObject({
      code: 'user_has_children',
      kind: 'conflict',
      field: 'id',
      message: expect.stringContaining('2 children'),
    });
    expect((await store.readAll(null, 1000)).length).toBe(before);
    expect(personalData.erase).not.toHaveBeenCalled();
  });

  it('counts children beyond one page of the read model', async () => {
    const parent = await newCitizen('parent', '9000000001');
    for (let child = 0; child < 101; child++)
      await newCitizen(`child-${child}`, `91${String(child).padStart(8, '0')}`, parent.id);

    await expect(erasure.erase(TENANT, parent.id)).rejects.toMatchObject({
      message: expect.stringContaining('101 children'),
    });
  });

  it("refuses an unknown user and another tenant's as not found, destroying no key", async () => {
    const ada = await newCitizen('ada', '9876543210');

    await expect(erasure.erase(TENANT, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'user_not_found',
    });
    await expect(erasure.erase('other', ada.id)).rejects.toMatchObject({ code: 'user_not_found' });
    expect(personalData.erase).not.toHaveBeenCalled();
  });

  it('refuses a second erasure as gone, destroying the key again (a crash may have come between)', async () => {
    const ada = await newCitizen('ada', '9876543210');
    await erasure.erase(TENANT, ada.id);
    const logLength = (await store.readAll(null, 1000)).length;

    await expect(erasure.erase(TENANT, ada.id)).rejects.toMatchObject({ code: 'user_erased', kind: 'gone' });
    expect(personalData.erase).toHaveBeenCalledTimes(2);
    expect((await store.readAll(null, 1000)).length).toBe(logLength);
  });

  it('does not answer before the key is destroyed: a failure there fails the erasure', async () => {
    const ada = await newCitizen('ada', '9876543210');
    personalData.erase.mockRejectedValueOnce(new Error('key store down'));

    await expect(erasure.erase(TENANT, ada.id)).rejects.toThrow('key store down');
    // The retry is refused as gone but finishes the job.
    await expect(erasure.erase(TENANT, ada.id)).rejects.toMatchObject({ code: 'user_erased' });
    expect(personalData.erase).toHaveBeenCalledTimes(2);
  });

  it('releases nothing it does not hold: an employee keeps no mobile number reservation', async () => {
    const clerk = (
      await create.execute(
        new CreateUserCommand(TENANT, {
          userType: 'EMPLOYEE',
          userName: 'clerk',
          profile: { firstName: 'C', lastName: 'L', mobile: '9876543210' },
          parentId: null,
        }),
      )
    ).value;
    await erasure.erase(TENANT, clerk.id);

    expect(await eventsOf(mobileNumberStream(TENANT, '9876543210'))).toEqual([]);
    expect(await reservations.userNameHolder({ tenantId: TENANT, userType: 'EMPLOYEE', userName: 'clerk' }, NOW)).toBe(
      null,
    );
  });
});

describe('UserErasure with personal data encrypted (the production wiring)', () => {
  it('leaves an erased user whose events read without personal data, its userName and number free', async () => {
    const vault = new PersonalDataVault(new InMemoryKeyStore(), new KeyRing(Buffer.alloc(32, 5)));
    const store = new EncryptingEventStore(new InMemoryEventStore(), vault, rosterPersonalData);
    const readModel = new SqliteUserReadModel({ file: ':memory:' });
    const streams = new UserStreams(store);
    const clock = new FixedClock(NOW);
    const reservations = new Reservations(store, streams);
    const create = new CreateUserHandler(
      streams,
      clock,
      reservations,
      new NumericIds(store),
      new IdempotentRequests(store, clock),
    );
    const freshness = {
      waitFor: async () => readModel.apply(await store.readAll(await readModel.checkpoint(), 10_000)),
    };
    const erasure = new UserErasure({ store, readModel, freshness, personalData: vault, clock });
    const citizen = (userName: string) =>
      create.execute(
        new CreateUserCommand(TENANT, {
          userType: 'CITIZEN',
          userName,
          profile: { firstName: 'Ada', lastName: 'Lovelace', mobile: '9876543210' },
          parentId: null,
        }),
      );
    try {
      const ada = (await citizen('ada')).value;
      await erasure.erase(TENANT, ada.id);

      const events = await store.readStream<UserEvent>(userStream(ada.id));
      expect(events.at(-1)?.type).toBe('UserErased');
      expect(events.slice(0, -1).every(isPersonalDataErased)).toBe(true);
      expect(JSON.stringify(events.map(({ data }) => data))).not.toContain('Lovelace');
      const successor = (await citizen('ada')).value;
      expect(successor).toMatchObject({ userName: 'ada', mobile: '9876543210' });
      expect(successor.id).not.toBe(ada.id);
      await expect(erasure.erase(TENANT, ada.id)).rejects.toMatchObject({ code: 'user_erased' });
    } finally {
      await readModel.close();
      await store.close();
    }
  });
});

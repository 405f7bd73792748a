import type { UserCreated } from '@roster/domain';
import { foldUser, mobileNumberStream, userNameStream, userStream } from '@roster/domain';
import { APPEND_COMPENSATED } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { asExisting, UserStreams } from './user-streams';
import { BatchClaims, ORPHANED_RESERVATION_GRACE_MS, Reservations } from './reservations';

const owner = { tenantId: 't', userType: 'CITIZEN' as const, userName: 'Ada' };
const stream = userNameStream(owner.tenantId, owner.userType, owner.userName);
const reserved = (userId: string, id?: string) => ({
  id,
  type: 'UserNameReserved',
  data: { tenantId: 't', userType: 'CITIZEN', userName: 'ada', userId, at: new Date().toISOString() },
});
const userCreated = (userId: string, userName: string) => ({
  type: 'UserCreated',
  data: {
    userId,
    tenantId: 't',
    userType: 'CITIZEN',
    userName,
    profile: { firstName: 'A', lastName: 'L' },
    at: new Date().toISOString(),
  },
});
const later = (ms: number) => new Date(Date.now() + ms);

describe('Reservations', () => {
  let store: InMemoryEventStore;
  let reader: Reservations;

  beforeEach(() => {
    store = new InMemoryEventStore();
    reader = new Reservations(store, new UserStreams(store));
  });
  afterEach(() => store.close());

  it('a name nobody reserved is free', async () => {
    expect(await reader.load(stream, owner, new Date())).toEqual({ state: { holderId: null }, revision: -1 });
  });

  it('a name held by an existing user stays taken, however old the reservation', async () => {
    await store.appendMany([
      { stream, events: [reserved('u1')], expectedRevision: 'no_stream' },
      { stream: userStream('u1'), events: [userCreated('u1', 'ADA')], expectedRevision: 'no_stream' },
    ]);
    const loaded = await reader.load(stream, owner, later(ORPHANED_RESERVATION_GRACE_MS * 10));
    expect(loaded).toEqual({ state: { holderId: 'u1' }, revision: 0 });
  });

  it('a reservation voided by a compensation never happened', async () => {
    await store.append(stream, [reserved('u1', 'e-1')], 'no_stream');
    await store.append(
      stream,
      [{ type: APPEND_COMPENSATED, data: { voidedEventIds: ['e-1'], commitStream: 'user-u1', reason: 'test' } }],
      0,
    );
    expect(await reader.load(stream, owner, new Date())).toEqual({ state: { holderId: null }, revision: 1 });
  });

  it('an orphaned reservation (its user never appeared) is pending during the grace, then free', async () => {
    await store.append(stream, [reserved('ghost')], 'no_stream');
    expect((await reader.load(stream, owner, later(1000))).state).toEqual({ holderId: 'ghost' });
    expect(await reader.load(stream, owner, later(ORPHANED_RESERVATION_GRACE_MS + 1000))).toEqual({
      state: { holderId: null },
      revision: 0,
    });
  });

  it('a reservation whose user carries another name no longer holds it after the grace', async () => {
    await store.appendMany([
      { stream, events: [reserved('u1')], expectedRevision: 'no_stream' },
      { stream: userStream('u1'), events: [userCreated('u1', 'someone-else')], expectedRevision: 'no_stream' },
    ]);
    expect((await reader.load(stream, owner, later(ORPHANED_RESERVATION_GRACE_MS + 1000))).state).toEqual({
      holderId: null,
    });
  });

  describe('claims', () => {
    const citizen = {
      userId: 'u1',
      tenantId: 't',
      userType: 'CITIZEN' as const,
      userName: 'Ada',
      profile: { firstName: 'A', lastName: 'L', mobile: '9876543210' },
    };
    const summary = (appends: { stream: string; expectedRevision: unknown; events: { type: string }[] }[]) =>
      appends.map(({ stream, expectedRevision, events }) => ({
        stream,
        expectedRevision,
        types: events.map(({ type }) => type),
      }));

    it("claims a new citizen's userName and mobile number, and refuses a second claim of either in the same batch", async () => {
      const batch = new BatchClaims();
      const appends = await reader.claimFor(citizen, new Date(), batch);

      expect(summary(appends)).toEqual([
        { stream: userNameStream('t', 'CITIZEN', 'Ada'), expectedRevision: 'no_stream', types: ['UserNameReserved'] },
        {
          stream: mobileNumberStream('t', '9876543210'),
          expectedRevision: 'no_stream',
          types: ['MobileNumberReserved'],
        },
      ]);
      await expect(
        reader.claimFor(
          { ...citizen, userId: 'u2', profile: { ...citizen.profile, mobile: '9000000000' } },
          new Date(),
          batch,
        ),
      ).rejects.toMatchObject({
        code: 'user_name_taken',
      });
      await expect(
        reader.claimFor({ ...citizen, userId: 'u3', userName: 'Bea' }, new Date(), batch),
      ).rejects.toMatchObject({ code: 'mobile_number_taken' });
    });

    it("moves a citizen's number: the new one claimed, the old one released", async () => {
      const created: UserCreated = { type: 'UserCreated', data: { ...citizen, at: new Date().toISOString() } };
      await store.appendMany([
        { stream: userStream('u1'), events: [created], expectedRevision: 'no_stream' },
        ...(await reader.claimFor(citizen, new Date())),
      ]);
      const before = asExisting(foldUser([created]));

      const appends = await reader.move(
        before,
        { ...before, profile: { ...before.profile, mobile: '9000000000' } },
        new Date(),
      );

      expect(summary(appends)).toEqual([
        {
          stream: mobileNumberStream('t', '9000000000'),
          expectedRevision: 'no_stream',
          types: ['MobileNumberReserved'],
        },
        { stream: mobileNumberStream('t', '9876543210'), expectedRevision: 0, types: ['MobileNumberReleased'] },
      ]);
      expect(await reader.move(before, before, new Date())).toEqual([]);
    });
  });
});

import type { ExistingUser, UserEvent } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import type { Message } from 'kafkajs';
import { readAfterErasure, secretMarkersIn, TENANT, UserLog } from '../testing/user-log';
import type { UserStateValueV1 } from './user-state.v1';
import { toUserStateMessage, userStateTopic } from './user-state.v1';

// Compile-time: the domain's user state fits the published state's fields.
export const stateFitsDomain = (user: ExistingUser): Omit<UserStateValueV1, 'userId' | 'streamRevision' | 'position'> =>
  user;

/** A user's stream as the relay reads it (toUserStateMessage reads nothing else). */
function streamOf(userId: string, events: UserEvent[]): RecordedEvent[] {
  return events.map((event, revision) => ({
    id: `event-${revision}`,
    stream: `user-${userId}`,
    type: event.type,
    revision,
    position: BigInt(revision + 10),
    data: { ...event.data },
    metadata: { schemaVersion: 1, tenantId: 'pb.amritsar' },
    recordedAt: new Date(event.data.at),
  }));
}

const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, second)).toISOString();

function valueOf(message: Message | null): UserStateValueV1 {
  if (!message) throw new Error('expected a message');
  return JSON.parse(String(message.value)) as UserStateValueV1;
}

describe('user state topic v1', () => {
  let store: InMemoryEventStore;
  let log: UserLog;

  beforeEach(() => {
    store = new InMemoryEventStore();
    log = new UserLog(store);
  });
  afterEach(() => store.close());

  it('is named after the prefix', () => {
    expect(userStateTopic('roster')).toBe('roster.user.state.v1');
  });

  it("folds the user's stream into its public state at the last given revision", async () => {
    const parentId = await log.create();
    const userId = await log.create({ firstName: 'Asha', address: { city: 'Amritsar' } });
    await log.update(userId, { firstName: 'Ravi' });
    const linked = await log.link(userId, parentId);
    const stream = await store.readStream(`user-${userId}`);

    const message = toUserStateMessage(stream);

    expect(message?.key).toBe(userId);
    expect(message?.headers).toEqual({ 'content-type': 'application/json' });
    expect(valueOf(message)).toEqual({
      userId,
      tenantId: TENANT,
      userType: 'CITIZEN',
      userName: null,
      numericId: null,
      profile: { firstName: 'Ravi', lastName: 'Kaur', email: 'asha@example.org', address: { city: 'Amritsar' } },
      roles: [],
      active: true,
      lockedUntil: null,
      createdBy: null,
      lastModifiedBy: null,
      parentId,
      createdAt: stream[0].data.at,
      updatedAt: linked.data.at,
      streamRevision: 2,
      position: linked.position.toString(),
    });
    expect(valueOf(toUserStateMessage(stream.slice(0, 2)))).toMatchObject({
      profile: { firstName: 'Ravi' },
      parentId: null,
      streamRevision: 1,
    });
  });

  it('keeps secrets of any event out of the state', async () => {
    const userId = await log.create();
    await log.passwordChanged(userId);
    await log.tamperedUpdate(userId);

    const message = toUserStateMessage(await store.readStream(`user-${userId}`));

    // The tampered lastName (an object) is dropped too: a scalar field never carries an object out.
    expect(valueOf(message)).toMatchObject({ streamRevision: 2 });
    expect(valueOf(message).profile).toEqual({
      firstName: 'Ravi',
      email: 'asha@example.org',
      address: { city: 'Amritsar' },
    });
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('has no state for a stream that leaves no user, or an internal stream', async () => {
    expect(toUserStateMessage([])).toBeNull();
    expect(toUserStateMessage([await log.internal('apikey-0f1e')])).toBeNull();
    const update = await log.update(await log.create(), { firstName: 'Ravi' });
    expect(toUserStateMessage([update])).toBeNull();
  });

  it('sends a tombstone (a null value under the user id) once the user is erased, however its events read', async () => {
    const userId = await log.create({ firstName: 'Asha' });
    await log.update(userId, { firstName: 'Ravi' });
    await log.erase(userId);
    const stream = await store.readStream(`user-${userId}`);

    expect(toUserStateMessage(stream)).toEqual({ key: userId, value: null });
    const readAfterwards = [...stream.slice(0, -1).map(readAfterErasure), stream[stream.length - 1]];
    expect(toUserStateMessage(readAfterwards)).toEqual({ key: userId, value: null });
  });

  it('sends no state folded from events that can no longer be read (the erasure further on sends the tombstone)', async () => {
    const userId = await log.create({ firstName: 'Asha' });
    await log.update(userId, { firstName: 'Ravi' });
    const stream = await store.readStream(`user-${userId}`);

    expect(toUserStateMessage(stream)).not.toBeNull();
    expect(toUserStateMessage(stream.map(readAfterErasure))).toBeNull();
  });

  it('carries roles, activation, the lock and the actors, and nothing of the credentials', () => {
    const userId = 'u-1';
    const hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
    const roles = [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }];
    const profile = {
      firstName: 'Ravi',
      lastName: 'Kumar',
      bloodGroup: 'O+' as const,
      pan: 'ABCDE1234F',
      aadhaarNumber: '123456789012',
    };
    const stream = streamOf(userId, [
      {
        type: 'UserCreated',
        data: {
          userId,
          tenantId: 'pb.amritsar',
          userType: 'EMPLOYEE',
          userName: 'ravi',
          numericId: 42,
          profile,
          roles: [],
          by: 'u-9',
          at: at(1),
        },
      },
      { type: 'RolesChanged', data: { userId, roles, by: 'u-8', at: at(2) } },
      { type: 'OtpVerified', data: { userId, mobileNumber: '9800000001', purpose: 'login', at: at(3) } },
      { type: 'PasswordChanged', data: { userId, passwordHash: hash, reason: 'set', at: at(4) } },
      { type: 'UserDeactivated', data: { userId, by: 'u-8', at: at(5) } },
      { type: 'LoginFailed', data: { userId, at: at(6) } },
      { type: 'AccountLocked', data: { userId, until: at(3600), at: at(7) } },
    ]);

    const message = toUserStateMessage(stream) as Message;
    const state = valueOf(message);

    expect(state).toMatchObject({
      numericId: 42,
      roles,
      active: false,
      lockedUntil: at(3600),
      createdBy: 'u-9',
      streamRevision: 6,
    });
    expect(state.profile).toEqual({ firstName: 'Ravi', lastName: 'Kumar', bloodGroup: 'O+' });
    expect(Object.keys(state).sort()).toEqual([
      'active',
      'createdAt',
      'createdBy',
      'lastModifiedBy',
      'lockedUntil',
      'numericId',
      'parentId',
      'position',
      'profile',
      'roles',
      'streamRevision',
      'tenantId',
      'updatedAt',
      'userId',
      'userName',
      'userType',
    ]);
    expect(String(message.value)).not.toContain(hash);
    expect(secretMarkersIn(message)).toEqual([]);
  });
});

import { ExistingUser } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store';
import { Message } from 'kafkajs';
import { secretMarkersIn, TENANT, UserLog } from '../testing/user-log';
import { toUserStateMessage, UserStateValueV1, userStateTopic } from './user-state.v1';

// Compile-time: the domain's user state fits the published state's fields.
export const stateFitsDomain = (user: ExistingUser): Omit<UserStateValueV1, 'userId' | 'streamRevision' | 'position'> => user;

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
      profile: { firstName: 'Ravi', lastName: 'Kaur', email: 'asha@example.org', address: { city: 'Amritsar' } },
      parentId,
      createdAt: stream[0].data.at,
      updatedAt: linked.data.at,
      streamRevision: 2,
      position: linked.position.toString(),
    });
    expect(valueOf(toUserStateMessage(stream.slice(0, 2)))).toMatchObject({ profile: { firstName: 'Ravi' }, parentId: null, streamRevision: 1 });
  });

  it('keeps secrets of any event out of the state', async () => {
    const userId = await log.create();
    await log.passwordChanged(userId);
    await log.tamperedUpdate(userId);

    const message = toUserStateMessage(await store.readStream(`user-${userId}`));

    // The tampered lastName (an object) is dropped too: a scalar field never carries an object out.
    expect(valueOf(message)).toMatchObject({ streamRevision: 2 });
    expect(valueOf(message).profile).toEqual({ firstName: 'Ravi', email: 'asha@example.org', address: { city: 'Amritsar' } });
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('has no state for a stream that leaves no user, or an internal stream', async () => {
    expect(toUserStateMessage([])).toBeNull();
    expect(toUserStateMessage([await log.internal('apikey-0f1e')])).toBeNull();
    const update = await log.update(await log.create(), { firstName: 'Ravi' });
    expect(toUserStateMessage([update])).toBeNull();
  });
});

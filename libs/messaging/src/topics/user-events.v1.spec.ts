import { ParentLinked, ParentUnlinked, ProfileUpdated, UserCreated } from '@roster/domain';
import { InMemoryEventStore, RecordedEvent } from '@roster/event-store';
import { Message } from 'kafkajs';
import { secretMarkersIn, TENANT, UserLog } from '../testing/user-log';
import {
  ParentLinkedDataV1,
  ParentUnlinkedDataV1,
  ProfileUpdatedDataV1,
  toUserEventMessage,
  UserCreatedDataV1,
  UserEventValueV1,
  userEventsTopic,
} from './user-events.v1';

// Compile-time: the domain's current payloads fit the published v1 schemas. If the domain renames or
// retypes a field, this file stops compiling instead of the topic silently losing the field.
export const schemasFitDomain = (created: UserCreated, updated: ProfileUpdated, linked: ParentLinked, unlinked: ParentUnlinked) => {
  const published: [UserCreatedDataV1, ProfileUpdatedDataV1, ParentLinkedDataV1, ParentUnlinkedDataV1] = [
    created.data,
    updated.data,
    linked.data,
    unlinked.data,
  ];
  return published;
};

function valueOf(message: Message | null): UserEventValueV1 {
  if (!message) throw new Error('expected a message');
  return JSON.parse(String(message.value)) as UserEventValueV1;
}

describe('user events topic v1', () => {
  let store: InMemoryEventStore;
  let log: UserLog;

  beforeEach(() => {
    store = new InMemoryEventStore();
    log = new UserLog(store);
  });
  afterEach(() => store.close());

  const created = async (): Promise<[string, RecordedEvent]> => {
    const userId = await log.create({ address: { city: 'Amritsar', country: 'IN' } });
    return [userId, (await store.readStream(`user-${userId}`))[0]];
  };

  it('is named after the prefix', () => {
    expect(userEventsTopic('roster')).toBe('roster.user.events.v1');
  });

  it('keys a user event by user id and carries log coordinates, tenant and public data', async () => {
    const [userId, event] = await created();
    const message = toUserEventMessage(event);

    expect(message?.key).toBe(userId);
    expect(valueOf(message)).toEqual({
      id: event.id,
      type: 'UserCreated',
      tenantId: TENANT,
      userId,
      streamRevision: 0,
      position: '1',
      recordedAt: event.recordedAt.toISOString(),
      schemaVersion: 1,
      data: event.data,
    });
  });

  it('sets CloudEvents binary-mode headers', async () => {
    const [, event] = await created();

    expect(toUserEventMessage(event)?.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'roster.user.UserCreated.v1',
      ce_source: 'roster/user-service',
      ce_time: event.recordedAt.toISOString(),
      'content-type': 'application/json',
    });
  });

  it('publishes an undescribed event type with the user id as its only data', async () => {
    const [userId] = await created();
    const event = await log.passwordChanged(userId);
    const message = toUserEventMessage(event);

    expect(valueOf(message)).toMatchObject({ type: 'PasswordChanged', streamRevision: 1, data: { userId } });
    expect(valueOf(message).data).toEqual({ userId });
    expect(message?.headers?.ce_type).toBe('roster.user.PasswordChanged.v1');
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('drops fields smuggled into a described event, at any depth', async () => {
    const [userId] = await created();
    const message = toUserEventMessage(await log.tamperedUpdate(userId));

    expect(valueOf(message).data).toEqual({ userId, changes: { firstName: 'Ravi', address: { city: 'Amritsar' } }, at: expect.any(String) });
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('never publishes internal streams', async () => {
    expect(toUserEventMessage(await log.internal('apikey-0f1e'))).toBeNull();
    expect(toUserEventMessage(await log.internal('username-default-CITIZEN-asha'))).toBeNull();
  });

  it('takes the payload version from the event metadata', async () => {
    const [, event] = await created();
    const message = toUserEventMessage({ ...event, metadata: { ...event.metadata, schemaVersion: 2 } });

    expect(valueOf(message).schemaVersion).toBe(2);
    expect(message?.headers?.ce_type).toBe('roster.user.UserCreated.v2');
  });
});


import type {
  AccountLocked,
  AccountUnlocked,
  LoginFailed,
  LoginFailuresCleared,
  OtpVerified,
  ParentLinked,
  ParentUnlinked,
  PasswordChanged,
  ProfileUpdated,
  RolesChanged,
  UserActivated,
  UserCreated,
  UserDeactivated,
  UserErased,
  UserEvent,
} from '@roster/domain';
import { NUMERIC_USER_ID_SEQUENCE_STREAM } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import type { Message } from 'kafkajs';
import { readAfterErasure, secretMarkersIn, TENANT, UserLog } from '../testing/user-log';
import type {
  AccountLockedDataV1,
  AccountUnlockedDataV1,
  LoginAttemptDataV1,
  OtpVerifiedDataV1,
  ParentLinkedDataV1,
  ParentUnlinkedDataV1,
  PasswordChangedDataV1,
  ProfileUpdatedDataV1,
  RolesChangedDataV1,
  UserActivationDataV1,
  UserCreatedDataV1,
  UserErasedDataV1,
  UserEventValueV1,
} from './user-events.v1';
import { toUserEventMessage, userEventsTopic, userEventValueOf } from './user-events.v1';

// Compile-time: the domain's current payloads fit the published v1 schemas. If the domain renames or
// retypes a field, this file stops compiling instead of the topic silently losing the field.
export const schemasFitDomain = (
  created: UserCreated,
  updated: ProfileUpdated,
  linked: ParentLinked,
  unlinked: ParentUnlinked,
  rolesChanged: RolesChanged,
  otpVerified: OtpVerified,
  passwordChanged: PasswordChanged,
  activation: [UserActivated, UserDeactivated],
  logins: [LoginFailed, LoginFailuresCleared],
  locked: AccountLocked,
  unlocked: AccountUnlocked,
  erased: UserErased,
) => {
  const published: [
    UserCreatedDataV1,
    ProfileUpdatedDataV1,
    ParentLinkedDataV1,
    ParentUnlinkedDataV1,
    RolesChangedDataV1,
    OtpVerifiedDataV1,
    PasswordChangedDataV1,
    UserActivationDataV1[],
    LoginAttemptDataV1[],
    AccountLockedDataV1,
    AccountUnlockedDataV1,
    UserErasedDataV1,
  ] = [
    created.data,
    updated.data,
    linked.data,
    unlinked.data,
    rolesChanged.data,
    otpVerified.data,
    passwordChanged.data,
    activation.map((event) => event.data),
    logins.map((event) => event.data),
    locked.data,
    unlocked.data,
    erased.data,
  ];
  return published;
};

const HASH = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';
const AT = '2024-01-01T00:00:09.000Z';

/** A recorded event of a user stream as the log hands it to the relay (toUserEventMessage reads nothing else). */
function recordedUserEvent(
  userId: string,
  event: UserEvent | { type: string; data: object },
  revision = 1,
): RecordedEvent {
  return {
    id: `event-${revision}`,
    stream: `user-${userId}`,
    type: event.type,
    revision,
    position: 7n,
    data: { ...event.data },
    metadata: { schemaVersion: 1, tenantId: TENANT },
    recordedAt: new Date(AT),
  };
}

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

  it('publishes an event type it does not describe with the user id as its only data', () => {
    const event = recordedUserEvent('u-1', {
      type: 'SomethingNew',
      data: { userId: 'u-1', secret: 'x', passwordHash: HASH, at: AT },
    });
    const message = toUserEventMessage(event);

    expect(valueOf(message)).toMatchObject({ type: 'SomethingNew', streamRevision: 1, data: { userId: 'u-1' } });
    expect(valueOf(message).data).toEqual({ userId: 'u-1' });
    expect(message?.headers?.ce_type).toBe('roster.user.SomethingNew.v1');
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('publishes PasswordChanged without the hash, also from an event written by the log helper', async () => {
    const domainEvent: PasswordChanged = {
      type: 'PasswordChanged',
      data: { userId: 'u-1', passwordHash: HASH, reason: 'change', by: 'u-9', at: AT },
    };
    const message = toUserEventMessage(recordedUserEvent('u-1', domainEvent));

    expect(valueOf(message).data).toEqual({ userId: 'u-1', reason: 'change', by: 'u-9', at: AT });
    expect(String(message?.value)).not.toContain(HASH);
    expect(secretMarkersIn(message as Message)).toEqual([]);

    const [userId] = await created();
    const logged = toUserEventMessage(await log.passwordChanged(userId));
    expect(valueOf(logged).data).toEqual({ userId, at: expect.any(String) });
  });

  it('publishes UserImported with every public field but never the imported BCrypt hash, and PasswordRehashed without the new one', () => {
    const bcrypt = '$2a$10$abcdefghijklmnopqrstuuS1jM9Qh2N1M3s1e0V0XQH1Yh6y4c9y.';
    const imported: UserEvent = {
      type: 'UserImported',
      data: {
        userId: 'u-1',
        tenantId: 'pb',
        userType: 'CITIZEN',
        userName: '9800000001',
        numericId: 4711,
        profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9800000001' },
        roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
        active: true,
        parentId: null,
        passwordHash: bcrypt,
        passwordChangedAt: AT,
        lockedUntil: null,
        otpVerified: false,
        createdBy: null,
        lastModifiedBy: 'u-9',
        createdAt: AT,
        updatedAt: AT,
        source: 'egov',
        at: AT,
      },
    };
    const message = toUserEventMessage(recordedUserEvent('u-1', imported));
    const { passwordHash: _hash, ...published } = imported.data;
    expect(valueOf(message).data).toEqual(published);
    expect(String(message?.value)).not.toContain('$2a$');

    const rehashed = toUserEventMessage(
      recordedUserEvent('u-1', { type: 'PasswordRehashed', data: { userId: 'u-1', passwordHash: HASH, at: AT } }),
    );
    expect(valueOf(rehashed).data).toEqual({ userId: 'u-1', at: AT });
    expect(secretMarkersIn(rehashed as Message)).toEqual([]);
  });

  it.each<UserEvent>([
    {
      type: 'RolesChanged',
      data: { userId: 'u-1', roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }], by: 'u-9', at: AT },
    },
    { type: 'OtpVerified', data: { userId: 'u-1', mobileNumber: '9800000001', purpose: 'register', at: AT } },
    { type: 'UserActivated', data: { userId: 'u-1', by: 'u-9', at: AT } },
    { type: 'UserDeactivated', data: { userId: 'u-1', by: null, at: AT } },
    { type: 'LoginFailed', data: { userId: 'u-1', at: AT } },
    { type: 'LoginFailuresCleared', data: { userId: 'u-1', at: AT } },
    { type: 'AccountLocked', data: { userId: 'u-1', until: '2024-01-01T01:00:09.000Z', at: AT } },
    { type: 'AccountUnlocked', data: { userId: 'u-1', reason: 'operator', by: 'u-9', at: AT } },
  ])('publishes every public field of $type, and nothing secret', (event) => {
    const message = toUserEventMessage(
      recordedUserEvent('u-1', { type: event.type, data: { ...event.data, otpCode: '123456', token: 't' } }),
    );

    expect(valueOf(message)).toMatchObject({ type: event.type, userId: 'u-1' });
    expect(valueOf(message).data).toEqual(event.data);
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('publishes the roles, activation and actor of a created user, each role through its allow-list', () => {
    const event: UserCreated = {
      type: 'UserCreated',
      data: {
        userId: 'u-1',
        tenantId: 'pb.amritsar',
        userType: 'EMPLOYEE',
        userName: 'ravi',
        profile: {
          firstName: 'Ravi',
          lastName: 'Kumar',
          altContactNumber: '9800000009',
          pan: 'ABCDE1234F',
          aadhaarNumber: '123456789012',
        },
        roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar', grantedWith: 'secret-token' } as never],
        active: true,
        by: 'u-9',
        at: AT,
      },
    };
    const data = valueOf(toUserEventMessage(recordedUserEvent('u-1', event, 0))).data;

    expect(data).toEqual({
      userId: 'u-1',
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
      userName: 'ravi',
      profile: { firstName: 'Ravi', lastName: 'Kumar', altContactNumber: '9800000009' },
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
      active: true,
      by: 'u-9',
      at: AT,
    });
  });

  it("publishes a created user's numeric id, and none for an event written before numeric ids", () => {
    const event: UserCreated = {
      type: 'UserCreated',
      data: {
        userId: 'u-1',
        tenantId: 'pb',
        userType: 'CITIZEN',
        userName: null,
        numericId: 2_147_483_647,
        profile: { firstName: 'Asha', lastName: 'Kaur' },
        at: AT,
      },
    };
    const { numericId: _numericId, ...older } = event.data;

    expect(valueOf(toUserEventMessage(recordedUserEvent('u-1', event, 0))).data).toMatchObject({
      numericId: 2_147_483_647,
    });
    expect(
      valueOf(toUserEventMessage(recordedUserEvent('u-1', { type: 'UserCreated', data: older }, 0))).data,
    ).not.toHaveProperty('numericId');
  });

  it('drops fields smuggled into a described event, at any depth', async () => {
    const [userId] = await created();
    const message = toUserEventMessage(await log.tamperedUpdate(userId));

    expect(valueOf(message).data).toEqual({
      userId,
      changes: { firstName: 'Ravi', address: { city: 'Amritsar' } },
      at: expect.any(String),
    });
    expect(secretMarkersIn(message as Message)).toEqual([]);
  });

  it('publishes UserErased with the ids, tenant, type and actor only', async () => {
    const [userId] = await created();
    const erased = await log.erase(userId);
    const message = toUserEventMessage(erased);

    expect(message?.key).toBe(userId);
    expect(valueOf(message)).toMatchObject({ type: 'UserErased', tenantId: TENANT, userId, streamRevision: 1 });
    expect(valueOf(message).data).toEqual({
      userId,
      tenantId: TENANT,
      userType: 'CITIZEN',
      numericId: 42,
      by: 'admin-1',
      at: erased.data.at,
    });
    expect(message?.headers?.ce_type).toBe('roster.user.UserErased.v1');
    // Also when the store flags it like the user's other events read after the erasure.
    expect(valueOf(toUserEventMessage(readAfterErasure(erased))).type).toBe('UserErased');
  });

  it("never publishes an erased user's events read after its erasure: their personal data is gone", async () => {
    const [userId, event] = await created();
    const update = await log.update(userId, { firstName: 'Ravi' });

    expect(toUserEventMessage(readAfterErasure(event))).toBeNull();
    expect(userEventValueOf(readAfterErasure(update))).toBeNull();
  });

  it('never publishes internal streams', async () => {
    expect(toUserEventMessage(await log.internal('apikey-0f1e'))).toBeNull();
    expect(toUserEventMessage(await log.internal('username-default-CITIZEN-asha'))).toBeNull();
    expect(toUserEventMessage(await log.internal(NUMERIC_USER_ID_SEQUENCE_STREAM))).toBeNull();
  });

  it('takes the payload version from the event metadata', async () => {
    const [, event] = await created();
    const message = toUserEventMessage({ ...event, metadata: { ...event.metadata, schemaVersion: 2 } });

    expect(valueOf(message).schemaVersion).toBe(2);
    expect(message?.headers?.ce_type).toBe('roster.user.UserCreated.v2');
  });
});

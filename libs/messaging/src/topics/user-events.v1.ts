import type { UserEventType } from '@roster/domain';
import type { IResourceConfigEntry, Message } from 'kafkajs';
import type { RecordedEvent } from '@roster/event-store';
import type { AllowList } from '../allow-list';
import { pickAllowed } from '../allow-list';
import { cloudEventHeaders } from '../cloud-event-headers';
import { isUnreadableUserEvent, userIdOf } from '../user-stream';
import type { ProfileV1, RoleV1 } from './profile.v1';
import { PROFILE_V1, ROLE_V1 } from './profile.v1';

/**
 * `<prefix>.user.events.v1`: every event of every user stream, key = user id, so one user's events keep
 * their order within a partition. Value: `UserEventValueV1` as JSON; CloudEvents binary-mode headers.
 */
export function userEventsTopic(prefix: string): string {
  return `${prefix}.user.events.v1`;
}

export const USER_EVENTS_TOPIC_CONFIG: IResourceConfigEntry[] = [{ name: 'cleanup.policy', value: 'delete' }];

/** `ce_source` of every user event. */
export const USER_EVENT_SOURCE = 'roster/user-service';

/** Who caused a change: the acting user's id, or null for self-service, the system or an API key. Absent in older events. */
export type ActorIdV1 = string | null;

export interface UserCreatedDataV1 {
  userId: string;
  tenantId: string;
  userType: string;
  userName: string | null;
  /** The number DIGIT clients know the user by (egov-user's `id`), never changed. Absent in events written before numeric ids existed: none. */
  numericId?: number;
  profile: ProfileV1;
  /** Absent in events written before roles existed: no roles. */
  roles?: RoleV1[];
  /** Absent in events written before activation existed: active. */
  active?: boolean;
  by?: ActorIdV1;
  at: string;
}

/** A user brought in by `npm run import` (egov-user database or Roster export), as its source held it; never its password hash. */
export interface UserImportedDataV1 {
  userId: string;
  tenantId: string;
  userType: string;
  userName: string | null;
  numericId: number | null;
  profile: ProfileV1;
  roles: RoleV1[];
  active: boolean;
  parentId: string | null;
  /** When the password was last set; null: the user has none. */
  passwordChangedAt: string | null;
  /** false: the password's expiry does not refuse a login (egov-user's passwords). Absent: it does. */
  passwordExpiryApplies?: boolean;
  lockedUntil: string | null;
  otpVerified: boolean;
  createdBy: ActorIdV1;
  lastModifiedBy: ActorIdV1;
  createdAt: string;
  updatedAt: string;
  /** `egov` or `roster`. */
  source: string;
  at: string;
}

/** A login re-hashed an imported password with argon2id: when, never the hash. */
export interface PasswordRehashedDataV1 {
  userId: string;
  at: string;
}

export interface ProfileUpdatedDataV1 {
  userId: string;
  /** Only the fields that changed. */
  changes: Partial<ProfileV1>;
  by?: ActorIdV1;
  at: string;
}

export interface ParentLinkedDataV1 {
  userId: string;
  parentId: string;
  previousParentId: string | null;
  at: string;
}

export interface ParentUnlinkedDataV1 {
  userId: string;
  previousParentId: string;
  at: string;
}

/** The complete new set of roles (not a delta). */
export interface RolesChangedDataV1 {
  userId: string;
  roles: RoleV1[];
  by?: ActorIdV1;
  at: string;
}

/** The user proved with a one-time code that they hold the number; the code itself is never published. */
export interface OtpVerifiedDataV1 {
  userId: string;
  mobileNumber: string;
  purpose: string;
  at: string;
}

/** The password was set, changed or reset: when and why, never the password or its hash. */
export interface PasswordChangedDataV1 {
  userId: string;
  reason: string;
  by?: ActorIdV1;
  at: string;
}

export interface UserActivationDataV1 {
  userId: string;
  by?: ActorIdV1;
  at: string;
}

export interface LoginAttemptDataV1 {
  userId: string;
  at: string;
}

export interface AccountLockedDataV1 {
  userId: string;
  /** No login until this time. */
  until: string;
  at: string;
}

/**
 * The user was erased: consumers delete their copy of it. Only what identifies the record; its personal data can no
 * longer be read by anyone (its key is destroyed). The state topic gets a tombstone for the user at the same time.
 */
export interface UserErasedDataV1 {
  userId: string;
  tenantId: string;
  userType: string;
  numericId: number | null;
  by?: string | null;
  at: string;
}

export interface AccountUnlockedDataV1 {
  userId: string;
  /** `expired` (the lock ran out) or `operator` (an administrator lifted it). */
  reason: string;
  by?: ActorIdV1;
  at: string;
}

/** The published data of each event type this version describes. */
export interface UserEventDataV1 {
  UserCreated: UserCreatedDataV1;
  UserImported: UserImportedDataV1;
  PasswordRehashed: PasswordRehashedDataV1;
  ProfileUpdated: ProfileUpdatedDataV1;
  ParentLinked: ParentLinkedDataV1;
  ParentUnlinked: ParentUnlinkedDataV1;
  RolesChanged: RolesChangedDataV1;
  OtpVerified: OtpVerifiedDataV1;
  PasswordChanged: PasswordChangedDataV1;
  UserActivated: UserActivationDataV1;
  UserDeactivated: UserActivationDataV1;
  LoginFailed: LoginAttemptDataV1;
  LoginFailuresCleared: LoginAttemptDataV1;
  AccountLocked: AccountLockedDataV1;
  AccountUnlocked: AccountUnlockedDataV1;
  UserErased: UserErasedDataV1;
}

/**
 * An event of a type this version does not describe (one a newer writer added) is still published — its
 * position in the user's revision sequence tells consumers that something happened, and keeps that sequence
 * gapless — but its data is only the user id: a field nobody has reviewed for publication never leaves the service.
 */
export interface UndescribedUserEventDataV1 {
  userId: string;
}

export interface UserEventValueV1 {
  /** The event id; also `ce_id`. */
  id: string;
  type: string;
  tenantId: string | null;
  userId: string;
  /** 0-based index of the event in the user's stream: gapless and increasing per user. */
  streamRevision: number;
  /** Position in the whole log, as a decimal string (64-bit safe). */
  position: string;
  recordedAt: string;
  /** Version of the event's payload as the user service wrote it. */
  schemaVersion: number;
  data: UserEventDataV1[keyof UserEventDataV1] | UndescribedUserEventDataV1;
}

/**
 * Keyed by every event type of the domain: when the domain gains an event, this stops compiling until
 * someone decides which of its fields are public. A password hash never is: PasswordChanged publishes when
 * and why, OtpVerified which number was proved, never a code.
 */
const PUBLIC_DATA: { [Type in UserEventType]: AllowList<UserEventDataV1[Type]> } = {
  UserCreated: {
    userId: true,
    tenantId: true,
    userType: true,
    userName: true,
    numericId: true,
    profile: PROFILE_V1,
    roles: ROLE_V1,
    active: true,
    by: true,
    at: true,
  },
  UserImported: {
    userId: true,
    tenantId: true,
    userType: true,
    userName: true,
    numericId: true,
    profile: PROFILE_V1,
    roles: ROLE_V1,
    active: true,
    parentId: true,
    passwordChangedAt: true,
    passwordExpiryApplies: true,
    lockedUntil: true,
    otpVerified: true,
    createdBy: true,
    lastModifiedBy: true,
    createdAt: true,
    updatedAt: true,
    source: true,
    at: true,
  },
  PasswordRehashed: { userId: true, at: true },
  ProfileUpdated: { userId: true, changes: PROFILE_V1, by: true, at: true },
  ParentLinked: { userId: true, parentId: true, previousParentId: true, at: true },
  ParentUnlinked: { userId: true, previousParentId: true, at: true },
  RolesChanged: { userId: true, roles: ROLE_V1, by: true, at: true },
  OtpVerified: { userId: true, mobileNumber: true, purpose: true, at: true },
  PasswordChanged: { userId: true, reason: true, by: true, at: true },
  UserActivated: { userId: true, by: true, at: true },
  UserDeactivated: { userId: true, by: true, at: true },
  LoginFailed: { userId: true, at: true },
  LoginFailuresCleared: { userId: true, at: true },
  AccountLocked: { userId: true, until: true, at: true },
  AccountUnlocked: { userId: true, reason: true, by: true, at: true },
  UserErased: { userId: true, tenantId: true, userType: true, numericId: true, by: true, at: true },
};

/**
 * The public value of one recorded event — what the events topic and the change feed (`GET /changes`) carry;
 * null for events of internal streams, and for events of an erased user read after its erasure (their personal
 * fields are emptied): neither is ever published. Such a user's UserErased is.
 */
export function userEventValueOf(event: RecordedEvent): UserEventValueV1 | null {
  const userId = userIdOf(event);
  if (userId === null || isUnreadableUserEvent(event)) return null;
  return {
    id: event.id,
    type: event.type,
    tenantId: typeof event.metadata.tenantId === 'string' ? event.metadata.tenantId : null,
    userId,
    streamRevision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    schemaVersion: schemaVersionOf(event),
    data: publicData(event, userId),
  };
}

/** The message for one recorded event; null for events that are never published (see userEventValueOf). */
export function toUserEventMessage(event: RecordedEvent): Message | null {
  const value = userEventValueOf(event);
  if (value === null) return null;
  const type = `roster.user.${event.type}.v${value.schemaVersion}`;
  return {
    key: value.userId,
    value: JSON.stringify(value),
    headers: cloudEventHeaders({ id: event.id, type, source: USER_EVENT_SOURCE, time: event.recordedAt }),
  };
}

function publicData(event: RecordedEvent, userId: string): UserEventValueV1['data'] {
  if (!Object.hasOwn(PUBLIC_DATA, event.type)) return { userId };
  const allowList = PUBLIC_DATA[event.type as UserEventType];
  return pickAllowed(event.data, allowList as AllowList<UserEventValueV1['data']>) as UserEventValueV1['data'];
}

// Events written before payloads were versioned are version 1.
function schemaVersionOf(event: RecordedEvent): number {
  const version = event.metadata.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : 1;
}

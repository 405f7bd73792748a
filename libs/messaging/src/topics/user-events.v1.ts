import { UserEventType } from '@roster/domain';
import { IResourceConfigEntry, Message } from 'kafkajs';
import { RecordedEvent } from '@roster/event-store';
import { AllowList, pickAllowed } from '../allow-list';
import { cloudEventHeaders } from '../cloud-event-headers';
import { userIdOf } from '../user-stream';
import { PROFILE_V1, ProfileV1 } from './profile.v1';

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

export interface UserCreatedDataV1 {
  userId: string;
  tenantId: string;
  userType: string;
  userName: string | null;
  profile: ProfileV1;
  at: string;
}

export interface ProfileUpdatedDataV1 {
  userId: string;
  /** Only the fields that changed. */
  changes: Partial<ProfileV1>;
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

/** The published data of each event type this version describes. */
export interface UserEventDataV1 {
  UserCreated: UserCreatedDataV1;
  ProfileUpdated: ProfileUpdatedDataV1;
  ParentLinked: ParentLinkedDataV1;
  ParentUnlinked: ParentUnlinkedDataV1;
}

/**
 * An event of a type this version does not describe yet is still published — its position in the user's
 * revision sequence tells consumers that something happened, and keeps that sequence gapless — but its data
 * is only the user id: a field nobody has reviewed for publication never leaves the service.
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
 * Keyed by every event type of the domain: when the domain gains an event (PasswordChanged…), this stops
 * compiling until someone decides which of its fields are public — a password hash never is.
 */
const PUBLIC_DATA: { [Type in UserEventType]: AllowList<UserEventDataV1[Type]> } = {
  UserCreated: { userId: true, tenantId: true, userType: true, userName: true, profile: PROFILE_V1, at: true },
  ProfileUpdated: { userId: true, changes: PROFILE_V1, at: true },
  ParentLinked: { userId: true, parentId: true, previousParentId: true, at: true },
  ParentUnlinked: { userId: true, previousParentId: true, at: true },
};

/** The message for one recorded event; null for events of internal streams, which are never published. */
export function toUserEventMessage(event: RecordedEvent): Message | null {
  const userId = userIdOf(event);
  if (userId === null) return null;
  const schemaVersion = schemaVersionOf(event);
  const value: UserEventValueV1 = {
    id: event.id,
    type: event.type,
    tenantId: typeof event.metadata.tenantId === 'string' ? event.metadata.tenantId : null,
    userId,
    streamRevision: event.revision,
    position: event.position.toString(),
    recordedAt: event.recordedAt.toISOString(),
    schemaVersion,
    data: publicData(event, userId),
  };
  const type = `roster.user.${event.type}.v${schemaVersion}`;
  return {
    key: userId,
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

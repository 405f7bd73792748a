import type { ExistingUser, UserEvent } from '@roster/domain';
import { foldUser, isUserEvent } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import type { IResourceConfigEntry, Message } from 'kafkajs';
import { pickAllowed } from '../allow-list';
import { isUnreadableUserEvent, userIdOf } from '../user-stream';
import type { ProfileV1, RoleV1 } from './profile.v1';
import { PROFILE_V1, ROLE_V1 } from './profile.v1';

/**
 * `<prefix>.user.state.v1`: compacted, key = user id, value = the user's public state after the event at
 * `streamRevision`. Consumers keep a state only if its streamRevision is higher than the one they hold:
 * after a relay restart, states of already published revisions may be sent again.
 *
 * An erased user's key gets a tombstone (a null value): consumers delete the user, and compaction removes
 * every earlier state of it from the topic (after the topic's `delete.retention.ms`, the tombstone as well).
 */
export function userStateTopic(prefix: string): string {
  return `${prefix}.user.state.v1`;
}

export const USER_STATE_TOPIC_CONFIG: IResourceConfigEntry[] = [{ name: 'cleanup.policy', value: 'compact' }];

export interface UserStateValueV1 {
  userId: string;
  tenantId: string;
  userType: string;
  userName: string | null;
  /** The number DIGIT clients know the user by (egov-user's `id`); null for a user created before numeric ids existed. */
  numericId: number | null;
  profile: ProfileV1;
  roles: RoleV1[];
  active: boolean;
  /** Login is refused until this time (a lock whose time has passed no longer holds); null when never locked or unlocked. */
  lockedUntil: string | null;
  createdBy: string | null;
  lastModifiedBy: string | null;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
  /** Revision of the user's last event this state reflects. */
  streamRevision: number;
  /** Log position of that event, as a decimal string. */
  position: string;
}

/**
 * The state message for a user, given that user's stream from revision 0 up to the revision to publish.
 * The domain's own fold decides the state, so the topic cannot drift from the write side's rules: a tombstone
 * (null value) once the user is erased; null (no message) when the events leave no user (an internal stream, or a
 * stream without UserCreated), or when they can no longer be read (an erased user whose UserErased lies further on:
 * it will send the tombstone).
 */
export function toUserStateMessage(stream: readonly RecordedEvent[]): Message | null {
  const last = stream.at(-1);
  const userId = last && userIdOf(last);
  if (!last || !userId) return null;
  // Only the user's own event types are folded (the fold would ignore any other as well).
  const user = foldUser(stream.filter((event): event is RecordedEvent & UserEvent => isUserEvent(event)));
  if (user.status === 'erased') return { key: userId, value: null };
  if (user.status !== 'existing' || stream.some(isUnreadableUserEvent)) return null;
  return {
    key: userId,
    value: JSON.stringify(publicState(userId, user, last)),
    headers: { 'content-type': 'application/json' },
  };
}

/*
 * Built field by field: whatever the domain state gains later stays private until listed here. Credentials
 * and their bookkeeping are not the person's state and stay private: the hash, when the password was set,
 * the failed-login times, the revocation time, whether an OTP was ever verified (the events topic tells
 * that something happened to them).
 */
function publicState(userId: string, user: ExistingUser, last: RecordedEvent): UserStateValueV1 {
  return {
    userId,
    tenantId: user.tenantId,
    userType: user.userType,
    userName: user.userName,
    numericId: user.numericId,
    profile: pickAllowed(user.profile, PROFILE_V1) as ProfileV1,
    roles: user.roles.map((role) => pickAllowed(role, ROLE_V1) as RoleV1),
    active: user.active,
    lockedUntil: user.lockedUntil,
    createdBy: user.createdBy,
    lastModifiedBy: user.lastModifiedBy,
    parentId: user.parentId,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    streamRevision: last.revision,
    position: last.position.toString(),
  };
}

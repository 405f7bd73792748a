import type { ExistingUser, UserEvent } from '@roster/domain';
import {
  evolveUser,
  initialUserState,
  isUserEvent,
  isUserStream,
  pickProfile,
  profileColumnsOf,
  USER_STREAM_PREFIX,
} from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import { isPersonalDataErased } from '@roster/personal-data';
import type { PublicUser, UserView } from './user-view';

/** A domain event of the log with the user whose stream it is in. */
export interface UserStreamEvent {
  userId: string;
  event: UserEvent;
}

/** The ancestors (root first) of a user as projected so far; null when the user has no view. */
export type AncestorsLookup = (userId: string) => readonly string[] | null;

/**
 * The user event a recorded event carries; null for events of other streams (reservations…), of unknown types, and
 * for events of an erased user read after its key was destroyed: their personal fields are emptied, so they have
 * nothing to show, and the user's UserErased follows them in its stream (it is appended before the key is destroyed).
 * Skipping them keeps a rebuild or a replay from bringing the user back, even for a moment, as a blank view.
 * UserErased itself is never skipped: it carries no personal data, and it is what removes the view.
 */
export function userEventOf(record: RecordedEvent): UserStreamEvent | null {
  if (!isUserStream(record.stream)) return null;
  if (record.type !== 'UserErased' && isPersonalDataErased(record)) return null;
  const event = { type: record.type, data: record.data };
  if (!isUserEvent(event)) return null;
  return { userId: record.stream.slice(USER_STREAM_PREFIX.length), event };
}

/**
 * The view after `event`, which is at stream revision `revision`. The domain's own `evolveUser` decides the
 * user's state, so the read side cannot drift from the write side's rules; this adds the revision and the
 * hierarchy. A new parent's place comes from `ancestorsOf`, since the event names only the parent.
 *
 * Returns `current` itself when the event is already reflected (its revision is at or below the view's), so
 * replays change nothing, and null when the event leaves no user: an update of a user never created, or the
 * user's erasure — then a view the caller holds is to be deleted, with every row that holds any of its data.
 * Descendants of a user whose parent changed are the caller's to move.
 */
export function projectUserEvent(
  current: UserView | null,
  event: UserEvent,
  revision: number,
  ancestorsOf: AncestorsLookup,
): UserView | null {
  if (current !== null && revision <= current.revision) return current;
  const next = evolveUser(current === null ? initialUserState : toUserState(current), event);
  if (next.status !== 'existing') return null;
  const ancestors =
    current !== null && current.parentId === next.parentId
      ? current.ancestors
      : ancestorsUnder(next.parentId, ancestorsOf);
  return toUserView(next, revision, ancestors);
}

// A parent without a view (a log the decider did not write) still gives a usable, shallower path.
function ancestorsUnder(parentId: string | null, ancestorsOf: AncestorsLookup): string[] {
  if (parentId === null) return [];
  return [...(ancestorsOf(parentId) ?? []), parentId];
}

/**
 * The state `evolveUser` continues from. The view holds no credentials, so the hash, the failed-login times and
 * the revocation time are left empty: the view never shows them, and nothing it shows depends on them.
 */
function toUserState(view: UserView): ExistingUser {
  const {
    id,
    tenantId,
    userType,
    userName,
    numericId,
    parentId,
    roles,
    active,
    lockedUntil,
    passwordChangedAt,
    otpVerified,
  } = view;
  const { createdBy, lastModifiedBy, createdAt, updatedAt } = view;
  return {
    status: 'existing',
    id,
    tenantId,
    userType,
    userName,
    numericId,
    profile: pickProfile(view),
    parentId,
    roles,
    active,
    passwordHash: null,
    passwordChangedAt,
    // The view never decides a login.
    passwordExpiryApplies: true,
    otpVerified,
    failedLogins: [],
    lockedUntil,
    credentialsChangedAt: null,
    createdBy,
    lastModifiedBy,
    createdAt,
    updatedAt,
  };
}

// A copy, not the public fields' object with three fields added: that one turns into a dictionary-mode object, whose
// projection is cheaper but whose row (rowOfView, JSON) costs more than the copy saved (bench profile, 100k users).
function toUserView(user: ExistingUser, revision: number, ancestors: readonly string[]): UserView {
  return { ...publicUserOf(user), ancestors: [...ancestors], depth: ancestors.length, revision };
}

/**
 * The public fields of a user's state, without where it sits in the hierarchy: what both sides answer.
 * Built field by field, so what the state gains later (credentials, counters) stays private until listed here.
 */
export function publicUserOf(user: ExistingUser): PublicUser {
  return {
    id: user.id,
    tenantId: user.tenantId,
    userType: user.userType,
    userName: user.userName,
    numericId: user.numericId,
    ...profileColumnsOf(user.profile),
    roles: user.roles.map(({ code, tenantId }) => ({ code, tenantId })),
    active: user.active,
    lockedUntil: user.lockedUntil,
    passwordChangedAt: user.passwordChangedAt,
    otpVerified: user.otpVerified,
    createdBy: user.createdBy,
    lastModifiedBy: user.lastModifiedBy,
    parentId: user.parentId,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

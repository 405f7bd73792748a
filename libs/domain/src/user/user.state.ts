import type { ActorId, UserCreated, UserEvent, UserImported } from './user.events';
import type { Profile, Role, UserType } from './user.types';

export interface AbsentUser {
  status: 'absent';
}

export interface ExistingUser {
  status: 'existing';
  id: string;
  tenantId: string;
  userType: UserType;
  userName: string | null;
  /** The number DIGIT clients know the user by; null for users created before numeric ids existed. Never changes. */
  numericId: number | null;
  profile: Profile;
  parentId: string | null;
  roles: Role[];
  active: boolean;
  /** argon2id PHC string, or null while the user has no password (then password login is impossible). */
  passwordHash: string | null;
  /** When the password was last set; it expires a configured time (90 days) later. */
  passwordChangedAt: string | null;
  /**
   * Whether that expiry refuses a login. False for a password imported from egov-user (UserImported), which
   * answered a `pwdExpiryDate` but never refused a login for it, so a move to Roster locks nobody out; true again
   * once the password is set in Roster.
   */
  passwordExpiryApplies: boolean;
  /** The mobile number was proved with an OTP at least once (OtpVerified). */
  otpVerified: boolean;
  /** Times of failed logins since the last success or lock, oldest first. */
  failedLogins: string[];
  /** Locked for login until this time; null when not locked. Expiry is decided by the clock, not by an event. */
  lockedUntil: string | null;
  /** Tokens issued before this time are revoked (password change, lock, deactivation); null: none revoked. */
  credentialsChangedAt: string | null;
  createdBy: string | null;
  lastModifiedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A user that was erased: its personal data can no longer be read, only that the record existed. Its id and numeric
 * id are never given to anyone else; commands on it are refused (410 Gone at the edges).
 */
export interface ErasedUser {
  status: 'erased';
  id: string;
  tenantId: string;
  userType: UserType;
  numericId: number | null;
  erasedAt: string;
}

export type UserState = AbsentUser | ExistingUser | ErasedUser;

export const initialUserState: UserState = { status: 'absent' };

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated':
      return created(event.data);
    case 'UserErased':
      return {
        status: 'erased',
        id: event.data.userId,
        tenantId: event.data.tenantId,
        userType: event.data.userType,
        numericId: event.data.numericId,
        erasedAt: event.data.at,
      };
    case 'UserImported':
      return state.status === 'absent' ? imported(event.data) : state;
    case 'PasswordRehashed':
      return whenExisting(state, (user) => ({ ...user, passwordHash: event.data.passwordHash }));
    case 'ProfileUpdated':
      return whenExisting(state, (user) => ({
        ...changedBy(user, event.data),
        profile: { ...user.profile, ...event.data.changes },
      }));
    case 'ParentLinked':
      return whenExisting(state, (user) => ({ ...user, parentId: event.data.parentId, updatedAt: event.data.at }));
    case 'ParentUnlinked':
      return whenExisting(state, (user) => ({ ...user, parentId: null, updatedAt: event.data.at }));
    case 'RolesChanged':
      return whenExisting(state, (user) => ({ ...changedBy(user, event.data), roles: event.data.roles }));
    case 'OtpVerified':
      return whenExisting(state, (user) => ({ ...user, otpVerified: true }));
    case 'PasswordChanged':
      return whenExisting(state, (user) => ({
        ...changedBy(user, event.data),
        passwordHash: event.data.passwordHash,
        passwordChangedAt: event.data.at,
        passwordExpiryApplies: true,
        credentialsChangedAt: event.data.at,
      }));
    case 'UserActivated':
      return whenExisting(state, (user) => ({ ...changedBy(user, event.data), active: true }));
    case 'UserDeactivated':
      return whenExisting(state, (user) => ({
        ...changedBy(user, event.data),
        active: false,
        credentialsChangedAt: event.data.at,
      }));
    // Login bookkeeping is not a change of the user's data: updatedAt (egov's lastChangedSince) stays.
    case 'LoginFailed':
      return whenExisting(state, (user) => ({ ...user, failedLogins: [...user.failedLogins, event.data.at] }));
    case 'LoginFailuresCleared':
      return whenExisting(state, (user) => ({ ...user, failedLogins: [] }));
    case 'AccountLocked':
      return whenExisting(state, (user) => ({
        ...user,
        failedLogins: [],
        lockedUntil: event.data.until,
        credentialsChangedAt: event.data.at,
        updatedAt: event.data.at,
      }));
    case 'AccountUnlocked':
      return whenExisting(state, (user) => ({ ...changedBy(user, event.data), failedLogins: [], lockedUntil: null }));
    default:
      // Event types added later (or by a newer writer) leave the state as it is.
      return state;
  }
}

export function foldUser(events: readonly UserEvent[], from: UserState = initialUserState): UserState {
  return events.reduce(evolveUser, from);
}

// An event for a user that does not exist cannot come from decide; ignore it rather than invent a user.
function whenExisting(state: UserState, change: (user: ExistingUser) => ExistingUser): UserState {
  return state.status === 'existing' ? change(state) : state;
}

// Events written before roles, activation and numeric ids existed carry none: such users have no roles or number and are active.
function created({
  userId,
  tenantId,
  userType,
  userName,
  numericId,
  profile,
  roles,
  active,
  by,
  at,
}: UserCreated['data']): ExistingUser {
  return {
    status: 'existing',
    id: userId,
    tenantId,
    userType,
    userName,
    numericId: numericId ?? null,
    profile,
    parentId: null,
    roles: roles ?? [],
    active: active ?? true,
    passwordHash: null,
    passwordChangedAt: null,
    passwordExpiryApplies: true,
    otpVerified: false,
    failedLogins: [],
    lockedUntil: null,
    credentialsChangedAt: null,
    createdBy: by ?? null,
    lastModifiedBy: by ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** The user as its source held it; login bookkeeping (failures) starts afresh, and no earlier token counts. */
function imported(data: UserImported['data']): ExistingUser {
  return {
    status: 'existing',
    id: data.userId,
    tenantId: data.tenantId,
    userType: data.userType,
    userName: data.userName,
    numericId: data.numericId,
    profile: data.profile,
    parentId: data.parentId,
    roles: data.roles,
    active: data.active,
    passwordHash: data.passwordHash,
    passwordChangedAt: data.passwordChangedAt,
    passwordExpiryApplies: data.passwordExpiryApplies ?? true,
    otpVerified: data.otpVerified,
    failedLogins: [],
    lockedUntil: data.lockedUntil,
    // Tokens issued before the import (by the deployment the user came from, which may share the secret) are
    // refused: sessions and revocations are not carried over, so none can come back to life.
    credentialsChangedAt: data.at,
    createdBy: data.createdBy,
    lastModifiedBy: data.lastModifiedBy,
    createdAt: data.createdAt,
    updatedAt: data.updatedAt,
  };
}

/** A user-visible change at `at` by `by`; events written before actors were recorded keep the last known modifier. */
function changedBy(user: ExistingUser, { by, at }: { by?: ActorId; at: string }): ExistingUser {
  return { ...user, updatedAt: at, lastModifiedBy: by === undefined ? user.lastModifiedBy : by };
}

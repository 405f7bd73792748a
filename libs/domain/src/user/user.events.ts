import type { Profile, ProfileChanges, Role, UserType } from './user.types';

/** Bump when a payload changes shape; readers upcast older versions. */
export const USER_EVENT_SCHEMA_VERSION = 1;

/** Who caused a change: the acting user's id, or null for self-service, the system or an API key. */
export type ActorId = string | null;

export interface UserCreated {
  type: 'UserCreated';
  data: {
    userId: string;
    tenantId: string;
    userType: UserType;
    userName: string | null;
    /** The user's number for DIGIT clients (see numeric-user-id.ts). Absent in events written before numeric ids existed: no number. */
    numericId?: number;
    profile: Profile;
    /** Absent in events written before roles existed: read as []. */
    roles?: Role[];
    /** Absent in events written before activation existed: read as true. */
    active?: boolean;
    by?: ActorId;
    at: string;
  };
}

export interface ProfileUpdated {
  type: 'ProfileUpdated';
  data: { userId: string; changes: ProfileChanges; by?: ActorId; at: string };
}

export interface ParentLinked {
  type: 'ParentLinked';
  data: { userId: string; parentId: string; previousParentId: string | null; at: string };
}

export interface ParentUnlinked {
  type: 'ParentUnlinked';
  data: { userId: string; previousParentId: string; at: string };
}

/** The complete new set of roles (not a delta). */
export interface RolesChanged {
  type: 'RolesChanged';
  data: { userId: string; roles: Role[]; by?: ActorId; at: string };
}

export type OtpPurpose = 'register' | 'login' | 'passwordreset';

/** The user proved, with a one-time code, that they hold this mobile number. The code never enters an event. */
export interface OtpVerified {
  type: 'OtpVerified';
  data: { userId: string; mobileNumber: string; purpose: OtpPurpose; at: string };
}

/**
 * The password was set or replaced. `passwordHash` is an argon2id PHC string; it never leaves the write
 * side (read models and Kafka drop it). Every token issued before `at` stops working.
 */
export interface PasswordChanged {
  type: 'PasswordChanged';
  data: { userId: string; passwordHash: string; reason: 'set' | 'change' | 'reset'; by?: ActorId; at: string };
}

export interface UserActivated {
  type: 'UserActivated';
  data: { userId: string; by?: ActorId; at: string };
}

export interface UserDeactivated {
  type: 'UserDeactivated';
  data: { userId: string; by?: ActorId; at: string };
}

export interface LoginFailed {
  type: 'LoginFailed';
  data: { userId: string; at: string };
}

/** A successful login after failed ones: the failure count starts again from zero. */
export interface LoginFailuresCleared {
  type: 'LoginFailuresCleared';
  data: { userId: string; at: string };
}

/** Too many failed logins: no login until `until`, and every token issued before `at` stops working. */
export interface AccountLocked {
  type: 'AccountLocked';
  data: { userId: string; until: string; at: string };
}

/** `expired`: the lock ran out and the next login attempt noticed; `operator`: an administrator lifted it. */
export interface AccountUnlocked {
  type: 'AccountUnlocked';
  data: { userId: string; reason: 'expired' | 'operator'; by?: ActorId; at: string };
}

/**
 * A user brought in whole from elsewhere (`npm run import`): an egov-user database or a Roster export. One event
 * carries the user as the source held it — ids, dates and actors included — so the user reads exactly as before.
 * `passwordHash` is kept as the source stored it (argon2id, or egov-user's BCrypt until the first login rehashes
 * it, PasswordRehashed); like every hash it never leaves the write side.
 */
export interface UserImported {
  type: 'UserImported';
  data: {
    userId: string;
    tenantId: string;
    userType: UserType;
    userName: string | null;
    numericId: number | null;
    profile: Profile;
    roles: Role[];
    active: boolean;
    parentId: string | null;
    passwordHash: string | null;
    /** When the password was last set (its expiry runs from here); null without one. */
    passwordChangedAt: string | null;
    /**
     * Whether that expiry refuses a login (absent: it does). False for egov-user's passwords: egov-user answered a
     * `pwdExpiryDate` but never refused a login for it, so the move must lock nobody out.
     */
    passwordExpiryApplies?: boolean;
    /** Locked for login until then; null when not locked. */
    lockedUntil: string | null;
    otpVerified: boolean;
    createdBy: ActorId;
    lastModifiedBy: ActorId;
    createdAt: string;
    updatedAt: string;
    /** Where the user came from: `egov` (an egov-user database) or `roster` (a Roster export). */
    source: 'egov' | 'roster';
    /** When the import wrote it. */
    at: string;
  };
}

/**
 * The same password, hashed again with today's algorithm (argon2id) after a login proved it against an older
 * hash (an imported BCrypt one). Not a password change: expiry and issued tokens are unaffected.
 */
export interface PasswordRehashed {
  type: 'PasswordRehashed';
  data: { userId: string; passwordHash: string; at: string };
}

/**
 * The user was erased (DELETE /users/{id}): the key its personal data was encrypted with is destroyed, so none of
 * its earlier events can be read again. Carries no personal data, only what identifies the record that is gone.
 */
export interface UserErased {
  type: 'UserErased';
  data: { userId: string; tenantId: string; userType: UserType; numericId: number | null; by?: ActorId; at: string };
}

export type UserEvent =
  | UserCreated
  | UserErased
  | UserImported
  | PasswordRehashed
  | ProfileUpdated
  | ParentLinked
  | ParentUnlinked
  | RolesChanged
  | OtpVerified
  | PasswordChanged
  | UserActivated
  | UserDeactivated
  | LoginFailed
  | LoginFailuresCleared
  | AccountLocked
  | AccountUnlocked;
export type UserEventType = UserEvent['type'];

export const USER_EVENT_TYPES: readonly UserEventType[] = [
  'UserCreated',
  'UserErased',
  'UserImported',
  'PasswordRehashed',
  'ProfileUpdated',
  'ParentLinked',
  'ParentUnlinked',
  'RolesChanged',
  'OtpVerified',
  'PasswordChanged',
  'UserActivated',
  'UserDeactivated',
  'LoginFailed',
  'LoginFailuresCleared',
  'AccountLocked',
  'AccountUnlocked',
];

export function isUserEvent(event: { type: string }): event is UserEvent {
  return (USER_EVENT_TYPES as readonly string[]).includes(event.type);
}

import type { ActorId, OtpPurpose, UserImported } from './user.events';
import type { Profile, ProfileChanges, Role, UserType } from './user.types';

/**
 * What the handler found out about a would-be parent before deciding.
 * `lineage` lists the parent and then its ancestors up to the root, so a cycle check needs no I/O.
 */
export type ParentFacts =
  { id: string; found: false } | { id: string; found: true; tenantId: string; lineage: readonly string[] };

export interface CreateUser {
  type: 'CreateUser';
  data: {
    userId: string;
    tenantId: string;
    userType: UserType;
    userName: string | null;
    /** Taken by the handler from its block of the sequence (see numeric-user-id.ts), after checkNewUser passed. */
    numericId: number;
    profile: Profile;
    parent: ParentFacts | null;
    /** Default []. Role codes were checked against the tenant's catalogue by the handler. */
    roles?: Role[];
    /** Default true. */
    active?: boolean;
    /** Hashed by the handler; when given the user is created with a password (PasswordChanged, reason `set`). */
    passwordHash?: string | null;
    /** The handler consumed an OTP for this user's mobile number (OtpVerified follows UserCreated). */
    verifiedOtp?: { mobileNumber: string; purpose: OtpPurpose } | null;
    by?: ActorId;
    at: string;
  };
}

export interface UpdateProfile {
  type: 'UpdateProfile';
  data: { userId: string; tenantId: string; changes: ProfileChanges; by?: ActorId; at: string };
}

/** Replace the user's roles with `roles` (no event when the set is unchanged, order ignored). */
export interface ChangeRoles {
  type: 'ChangeRoles';
  data: { userId: string; tenantId: string; roles: Role[]; by?: ActorId; at: string };
}

/** Activate or deactivate (no event when already so). */
export interface SetActive {
  type: 'SetActive';
  data: { userId: string; tenantId: string; active: boolean; by?: ActorId; at: string };
}

/** The handler consumed a valid OTP sent to `mobileNumber`; it must be the user's mobile number. */
export interface VerifyOtp {
  type: 'VerifyOtp';
  data: { userId: string; tenantId: string; mobileNumber: string; purpose: OtpPurpose; at: string };
}

/**
 * Set or replace the password. The handler checked the old password (`change`) or an OTP (`reset`) and the
 * policy before hashing. `verifiedOtp` records the OTP of a reset in the same decision (OtpVerified first).
 */
export interface ChangePassword {
  type: 'ChangePassword';
  data: {
    userId: string;
    tenantId: string;
    passwordHash: string;
    reason: 'set' | 'change' | 'reset';
    verifiedOtp?: { mobileNumber: string; purpose: OtpPurpose } | null;
    by?: ActorId;
    at: string;
  };
}

/** Lockout numbers (egov-user's, configurable): `maxFailures` within `windowMs` lock the account for `lockMs`. */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** A login with a wrong password: LoginFailed, and AccountLocked when it is the `maxFailures`-th within the window. */
export interface RecordLoginFailure {
  type: 'RecordLoginFailure';
  data: { userId: string; tenantId: string; policy: LockoutPolicy; at: string };
}

/** A login with the right password: clears failures (LoginFailuresCleared) and an expired lock (AccountUnlocked). */
export interface RecordLoginSuccess {
  type: 'RecordLoginSuccess';
  /** `rehashedPassword`: the password just proved, hashed anew because the stored hash is of an older kind (PasswordRehashed). */
  data: { userId: string; tenantId: string; rehashedPassword?: string; at: string };
}

/** Write a user brought from elsewhere as its source held it (UserImported); refused when the user exists. */
export interface ImportUser {
  type: 'ImportUser';
  data: UserImported['data'];
}

/** An operator lifts a lock (AccountUnlocked, reason `operator`); nothing when not locked. */
export interface UnlockAccount {
  type: 'UnlockAccount';
  data: { userId: string; tenantId: string; by?: ActorId; at: string };
}

/** Set, change or (with `parent: null`) remove a user's parent. */
export interface ChangeParent {
  type: 'ChangeParent';
  data: { userId: string; tenantId: string; parent: ParentFacts | null; at: string };
}

/**
 * Erase the user (DELETE /users/{id}): UserErased, after which only its ids remain. The handler checked that no
 * user has it as parent and releases its userName and mobile number in the same append.
 */
export interface EraseUser {
  type: 'EraseUser';
  data: { userId: string; tenantId: string; by?: ActorId; at: string };
}

export type UserCommand =
  | CreateUser
  | EraseUser
  | ImportUser
  | UpdateProfile
  | ChangeParent
  | ChangeRoles
  | SetActive
  | VerifyOtp
  | ChangePassword
  | RecordLoginFailure
  | RecordLoginSuccess
  | UnlockAccount;

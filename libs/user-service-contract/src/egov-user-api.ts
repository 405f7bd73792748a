import type { IdempotencyKey } from './written';
import type { OtpPurpose, Profile, Role, UserType } from '@roster/domain';
import type { EgovReadSortField } from '@roster/read-model';
import { EGOV_READ_SORT_FIELDS } from '@roster/read-model';

/**
 * The DIGIT egov-user face as the user-service offers it. The gateway parses the envelopes, matches field
 * names case-insensitively, validates every field (`egovUserViolations`) and calls these methods with clean values;
 * the user-service decides authorisation, OTPs, passwords, tokens and lockout. Failures are
 * RequestRejectedError / DomainError, which cross the TCP transport unchanged.
 */

/**
 * Who calls. With ROSTER_EGOV_AUTH=token the holder of an access token checked by `authenticate`; with
 * `gateway` whoever DIGIT's API gateway put into `RequestInfo.userInfo` (it checked the token and the
 * caller's actions already), or nobody at all: an in-cluster service calling with an empty RequestInfo.
 */
export interface EgovCaller {
  /** The caller's uuid; null for an in-cluster service that acts as no user. */
  userId: string | null;
  tenantId: string | null;
  userType: UserType | null;
  userName: string | null;
  roles: Role[];
  /** Union of the permissions of the caller's roles (role catalogue); unused for a trusted caller. */
  permissions: string[];
  /** DIGIT's gateway vouches for the request: Roster applies no permission or tenant checks of its own, as egov-user. */
  trusted: boolean;
}

/** An in-cluster service behind DIGIT's gateway acting as no user: an empty RequestInfo, or user-otp's own lookups. */
export const IN_CLUSTER_SERVICE: EgovCaller = {
  userId: null,
  tenantId: null,
  userType: null,
  userName: null,
  roles: [],
  permissions: [],
  trusted: true,
};

/** A user as the egov face sends it in; every field optional, absent = not given (updates keep the stored value). */
export interface EgovUserInput {
  /** Updates only: which user. */
  uuid?: string;
  tenantId?: string;
  type?: UserType;
  userName?: string;
  /** Full name; stored split into firstName (all but the last word) and lastName (the last word). */
  name?: string;
  /** Demographic fields in domain names: mobile (egov mobileNumber), email (emailId), dateOfBirth (YYYY-MM-DD, from dd/MM/yyyy) … */
  profile?: Partial<Profile>;
  active?: boolean;
  accountLocked?: boolean;
  roles?: Array<{ code: string; tenantId?: string }>;
  password?: string;
  otpReference?: string;
}

/** A user as the egov face answers it (never with a password or hash). */
export interface EgovUserRecord {
  uuid: string;
  /** egov's `id`: the user's numeric id; null for a user created before numeric ids existed. */
  numericId: number | null;
  tenantId: string;
  type: UserType;
  userName: string | null;
  name: string;
  profile: Profile;
  roles: Array<{ code: string; name: string; tenantId: string }>;
  active: boolean;
  accountLocked: boolean;
  /** ISO time until which login is locked, or null. */
  accountLockedUntil: string | null;
  /** ISO time when the password expires, or null without a password. */
  passwordExpiresAt: string | null;
  createdBy: string | null;
  /** The numeric id of the user behind `createdBy` (egov's numeric `createdBy`); null when that is no user or it has none. */
  createdByNumericId: number | null;
  createdAt: string;
  lastModifiedBy: string | null;
  /** The numeric id of the user behind `lastModifiedBy`, as `createdByNumericId`. */
  lastModifiedByNumericId: number | null;
  updatedAt: string;
}

/** The `/user/oauth/token` answer before the gateway shapes it. */
export interface EgovTokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scope: string;
  user: EgovUserRecord;
}

export interface EgovLogin {
  userName: string;
  password: string;
  tenantId: string;
  userType: UserType;
  scope?: string;
}

/** The whitelisted sort fields are the ones the read model can sort on by index. */
export type EgovSortField = EgovReadSortField;
export const EGOV_SORT_FIELDS: readonly EgovSortField[] = EGOV_READ_SORT_FIELDS;

/** Criteria ANDed; absent = not a criterion. The endpoint's defaults (e.g. `active` on `_search`) are applied by the gateway. */
export interface EgovSearchCriteria {
  tenantId?: string;
  uuids?: string[];
  /** egov `id[]`: numeric ids. */
  numericIds?: number[];
  userName?: string;
  /** Case-insensitive prefix of the full name. */
  name?: string;
  /** Matches the mobile number or the alternate number. */
  mobileNumber?: string;
  emailId?: string;
  active?: boolean;
  userType?: UserType;
  /** Users holding all of these role codes. */
  roleCodes?: string[];
  /** Created or modified at or after this time. */
  lastChangedSince?: Date;
  pageSize: number;
  /** 0-based page; `pageSize * pageNumber` users are skipped. */
  pageNumber: number;
  sort: EgovSortField[];
}

/** `/user-otp/v1/_send`; `userType` null: any type (user-otp passes an unknown one on, and egov-user then filters by none). */
export interface EgovSendOtpRequest {
  tenantId: string;
  mobileNumber: string;
  purpose: OtpPurpose;
  userType: UserType | null;
}

export type EgovUpdateMode = 'citizen' | 'novalidate' | 'profile';

export abstract class EgovUserApi {
  /** The caller behind an access token; RequestRejectedError('unauthorized', 'InvalidAccessTokenException') otherwise. */
  abstract authenticate(accessToken: string): Promise<EgovCaller>;
  /** `/user-otp/v1/_send`: register fails if the user exists, login and passwordreset if it does not. */
  abstract sendOtp(request: EgovSendOtpRequest): Promise<void>;
  /** `/user/citizen/_create`: consumes the register OTP; tokens when `login` is set (login-on-registration). */
  abstract registerCitizen(
    input: EgovUserInput,
    login: boolean,
  ): Promise<{ user: EgovUserRecord; grant: EgovTokenGrant | null }>;
  /** `/user/users/_createnovalidate`: all-or-nothing; nothing is written unless every user is valid. */
  abstract createUsers(
    caller: EgovCaller,
    inputs: EgovUserInput[],
    idempotencyKey?: IdempotencyKey,
  ): Promise<EgovUserRecord[]>;
  /** `/user/citizen/_update`, `/user/users/_updatenovalidate`, `/user/profile/_update`. */
  abstract updateUser(caller: EgovCaller, input: EgovUserInput, mode: EgovUpdateMode): Promise<EgovUserRecord>;
  /** The three search endpoints; a caller only ever sees users of its own state-level tenant family. */
  abstract searchUsers(caller: EgovCaller, criteria: EgovSearchCriteria): Promise<EgovUserRecord[]>;
  abstract changePassword(
    caller: EgovCaller,
    request: { existingPassword: string; newPassword: string },
  ): Promise<void>;
  abstract resetPassword(request: {
    otpReference: string;
    userName: string;
    newPassword: string;
    tenantId: string;
    type: UserType;
  }): Promise<void>;
  /**
   * Password grant (citizens may send a live `login` OTP as the password). A wrong password, an unknown user,
   * an inactive user and one without a password answer alike (kind `unauthorized`, code `invalid_grant`, same
   * message, an argon2id verify either way); a locked account answers `locked` / ACCOUNT_LOCKED before any
   * password is checked, so the lock really stops guessing.
   */
  abstract login(request: EgovLogin): Promise<EgovTokenGrant>;
  abstract refresh(refreshToken: string): Promise<EgovTokenGrant>;
  /** `/user/_details`: the user behind a valid access token. */
  abstract details(accessToken: string): Promise<EgovUserRecord>;
  /** `/user/_logout`: revokes the token's session (its refresh token too). */
  abstract logout(accessToken: string): Promise<void>;
}

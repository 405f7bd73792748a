/**
 * Ports of the authentication building blocks (implementations beside this file). Abstract classes double
 * as Nest DI tokens. None of them ever logs or returns a password, code, hash or token it was given.
 */
import type { OtpPurpose, Role, UserType } from '@roster/domain';

/**
 * argon2id (OWASP parameters or stronger), computed off the event loop. `verify` also accepts the BCrypt hashes
 * users imported from egov-user bring along; `needsRehash` says a proved password should be hashed anew.
 */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(passwordHash: string, password: string): Promise<boolean>;
  /** The hash is not what `hash` makes today (an imported BCrypt one): the next proved password replaces it. */
  abstract needsRehash(passwordHash: string): boolean;
  /** Costs the same as a `verify` that fails; used for unknown users so timing does not reveal them. */
  abstract verifyNothing(password: string): Promise<false>;
}

export interface OtpRequest {
  tenantId: string;
  mobileNumber: string;
  purpose: OtpPurpose;
  userType: UserType;
}

/**
 * One-time codes: 6 digits, valid 900 s, single use, stored only as an HMAC with the server secret, at most
 * 5 wrong tries per code, a send rate limit per mobile number (all configurable). Issued codes are delivered
 * through the Notifier.
 */
export abstract class OtpService {
  /** Issues and delivers a new code; RequestRejectedError('rate_limited', 'OTP_RATE_LIMITED') beyond the limit. */
  abstract send(request: OtpRequest): Promise<void>;
  /**
   * Checks `code` against the live code for (tenant, mobile, purpose) and spends it on success.
   * Rejections (kind `invalid`, field `otpReference`): OTP_INVALID (wrong; counts a try), OTP_EXPIRED,
   * OTP_USED (already spent), OTP_NOT_FOUND (none sent), OTP_TOO_MANY_ATTEMPTS.
   */
  abstract consume(request: Omit<OtpRequest, 'userType'> & { code: string }): Promise<void>;
}

export interface TokenClaims {
  userId: string;
  tenantId: string;
  userType: UserType;
  /** Random per login; logout revokes it (access and refresh token alike). */
  sessionId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
  claims: TokenClaims;
}

/**
 * Signed, expiring, tenant-bound tokens (HMAC with the server secret). Verification checks signature, kind,
 * expiry and session revocation; whether the user's credentials changed since `issuedAt` (password change,
 * lock, deactivation) is for the caller to check against the user's state.
 */
export abstract class TokenService {
  abstract issue(user: { userId: string; tenantId: string; userType: UserType }, now: Date): Promise<IssuedTokens>;
  /** Claims of a valid access token, or null (malformed, forged, expired, revoked). */
  abstract verifyAccess(token: string, now: Date): Promise<TokenClaims | null>;
  abstract verifyRefresh(token: string, now: Date): Promise<TokenClaims | null>;
  abstract revokeSession(claims: TokenClaims, now: Date): Promise<void>;
}

export interface RoleDefinition {
  code: string;
  name: string;
  description?: string;
  /** e.g. `user:create:employee`, `user:read`, `user:*`, `*`. */
  permissions: string[];
}

/** Roles per tenant, loaded from the catalogue file (ROSTER_ROLES_FILE). */
export abstract class RoleCatalogue {
  /** The role as defined for `tenantId` (exact tenant, then its state-level tenant, then `*`), or null. */
  abstract find(tenantId: string, code: string): RoleDefinition | null;
  /** Union of the permissions of `roles`; roles missing from the catalogue grant nothing. */
  abstract permissionsOf(roles: readonly Role[]): string[];
}

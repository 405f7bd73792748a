import { DomainError, passwordPolicyViolations, RequestRejectedError } from '@roster/domain';

/**
 * The rejections the egov face shares between use cases. Each is built fresh (a stack per throw) and says
 * the same whatever the cause, so an answer never tells which of several checks failed.
 */

/** Unknown user, wrong password, inactive user, user without a password: one answer (no user enumeration). */
export function invalidGrant(): RequestRejectedError {
  return new RequestRejectedError('unauthorized', 'invalid_grant', 'Invalid login credentials');
}

export function accountLocked(): RequestRejectedError {
  return new RequestRejectedError(
    'locked',
    'ACCOUNT_LOCKED',
    'The account is locked after too many failed logins; try again later',
  );
}

export function passwordExpired(): RequestRejectedError {
  return new RequestRejectedError('unauthorized', 'PASSWORD_EXPIRED', 'The password has expired; reset it with an OTP');
}

const INVALID_ACCESS_TOKEN = 'InvalidAccessTokenException';

/**
 * A token that is malformed, forged, expired, revoked, or whose user can no longer use it. The message names
 * the exception as egov-user's did: DIGIT's gateway turns an answer containing it into 401, and the DIGIT UI
 * logs the user out when an error message contains it.
 */
export function invalidAccessToken(): RequestRejectedError {
  return new RequestRejectedError(
    'unauthorized',
    INVALID_ACCESS_TOKEN,
    `${INVALID_ACCESS_TOKEN}: the access token is invalid or expired`,
  );
}

export function invalidRefreshToken(): RequestRejectedError {
  return new RequestRejectedError('unauthorized', 'invalid_grant', 'Invalid refresh token');
}

/** A user the caller may not see is answered exactly like a missing one (as the domain does for other tenants). */
export function userNotFound(): DomainError {
  return new DomainError('user_not_found', 'user does not exist', 'uuid');
}

export function forbidden(permission: string): RequestRejectedError {
  return new RequestRejectedError('forbidden', 'ACCESS_DENIED', `the caller lacks the permission ${permission}`);
}

export function invalid(code: string, message: string, field: string): RequestRejectedError {
  return new RequestRejectedError('invalid', code, message, field);
}

/**
 * A password the policy refuses, as a rejection naming its first broken rule; null for a good one. The
 * gateway has already named every broken rule; this guards the user-service against any other caller.
 */
export function weakPassword(password: string, field: string): RequestRejectedError | null {
  const [violation] = passwordPolicyViolations(password);
  return violation ? invalid(violation.code, violation.message, field) : null;
}

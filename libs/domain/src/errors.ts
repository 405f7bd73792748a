export type DomainErrorCode =
  | 'user_not_found'
  | 'user_already_exists'
  | 'parent_not_found'
  | 'parent_in_other_tenant'
  | 'self_parent'
  | 'parent_cycle'
  | 'user_name_taken'
  | 'mobile_number_taken'
  | 'user_inactive';

/** A command the domain refuses. `field` names the input that caused it, in domain terms. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** How the API edge answers a rejection: 400, 401, 403, 404, 409, 423, 429. */
export type RejectionKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'locked' | 'rate_limited';

/**
 * A request refused by the application layer (authentication, permissions, OTP, password policy, input
 * rules). `code` is stable for clients (egov-user's codes where it had one, e.g. INVALID_PWD_LENGTH);
 * `field` names the input at fault. The message never contains a secret.
 */
export class RequestRejectedError extends Error {
  constructor(
    readonly kind: RejectionKind,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RequestRejectedError';
  }
}

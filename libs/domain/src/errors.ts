/**
 * What kind of refusal or failure an error is. Each face picks its own status for a kind (the egov face answers
 * `unprocessable` with 400, as egov-user did; the nCore face with 422), so the kind says what went wrong, not how
 * to answer it.
 */
export type ErrorKind =
  | 'invalid'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/**
 * The one error shape the faces render: a stable `code` for clients, the input at fault (`field`, in domain
 * terms; each face spells it its own way), a `detail` safe to show, and when a retry may help (`retryAfter`, in
 * seconds).
 */
export class RosterError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    detail: string,
    readonly field?: string,
    readonly retryAfter?: number,
  ) {
    super(detail);
    this.name = 'RosterError';
  }

  get detail(): string {
    return this.message;
  }
}

export type DomainErrorCode =
  | 'user_not_found'
  | 'user_already_exists'
  | 'user_erased'
  | 'user_has_children'
  | 'parent_not_found'
  | 'parent_in_other_tenant'
  | 'self_parent'
  | 'parent_cycle'
  | 'user_name_taken'
  | 'mobile_number_taken'
  | 'user_inactive'
  | 'idempotency_key_reused';

/** The kind of each domain refusal; the faces derive their statuses from it, so no face keeps a table of codes. */
export const DOMAIN_ERROR_KINDS: Record<DomainErrorCode, ErrorKind> = {
  user_not_found: 'not_found',
  user_already_exists: 'conflict',
  user_erased: 'gone',
  user_has_children: 'conflict',
  parent_not_found: 'unprocessable',
  parent_in_other_tenant: 'unprocessable',
  self_parent: 'unprocessable',
  parent_cycle: 'conflict',
  user_name_taken: 'conflict',
  mobile_number_taken: 'conflict',
  user_inactive: 'conflict',
  idempotency_key_reused: 'unprocessable',
};

/** A command the domain refuses. `field` names the input that caused it, in domain terms. */
export class DomainError extends RosterError {
  declare readonly code: DomainErrorCode;

  constructor(code: DomainErrorCode, message: string, field?: string) {
    super(DOMAIN_ERROR_KINDS[code], code, message, field);
    this.name = 'DomainError';
  }
}

/** The kinds the application layer refuses a request with; outages and internal failures are not refusals. */
export type RejectionKind = Exclude<ErrorKind, 'unprocessable' | 'unavailable' | 'internal'>;

/**
 * A request refused by the application layer (authentication, permissions, OTP, password policy, input
 * rules). `code` is stable for clients (egov-user's codes where it had one, e.g. INVALID_PWD_LENGTH);
 * `field` names the input at fault. The message never contains a secret.
 */
export class RequestRejectedError extends RosterError {
  declare readonly kind: RejectionKind;

  constructor(kind: RejectionKind, code: string, message: string, field?: string) {
    super(kind, code, message, field);
    this.name = 'RequestRejectedError';
  }
}

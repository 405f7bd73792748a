import { HttpException } from '@nestjs/common';
import type { ErrorKind, RosterError } from '@roster/domain';
import { asRosterError } from '@roster/user-service-contract';
import { frameworkMessageOf } from '../problems/framework-message';
import { RequestInputError } from '../problems/request-input-error';

/** One entry of egov's `Errors[]`. `params` names the offending fields in egov spelling. */
export interface EgovError {
  code: string;
  message: string;
  description: string;
  params: string[];
}

/** A field at fault, under its full egov path (e.g. `users[1].mobileNumber`). */
export interface EgovViolation {
  field: string;
  message: string;
  code?: string;
}

/** Codes of the gateway's own input checks; the password policy keeps egov-user's codes. */
export const MISSING_FIELD = 'MISSING_FIELD';
export const INVALID_FIELD = 'INVALID_FIELD';

/** Input the gateway refuses before anything reaches the user-service: every violation at once. */
export class EgovValidationError extends Error {
  constructor(readonly violations: EgovViolation[]) {
    super(violations.map((violation) => `${violation.field}: ${violation.message}`).join('; '));
    this.name = 'EgovValidationError';
  }
}

/** Collects the violations of one request; `throwIfAny` ends the parsing with all of them. */
export class Violations {
  private readonly found: EgovViolation[] = [];

  add(field: string, message: string, code = INVALID_FIELD): void {
    this.found.push({ field, message, code });
  }

  missing(field: string): void {
    this.add(field, 'is required', MISSING_FIELD);
  }

  /** Whether a violation names this field or one inside it (`roles`, `roles[0].code`). */
  names(field: string): boolean {
    return this.found.some(
      (violation) =>
        violation.field === field || violation.field.startsWith(`${field}.`) || violation.field.startsWith(`${field}[`),
    );
  }

  get any(): boolean {
    return this.found.length > 0;
  }

  throwIfAny(): void {
    if (this.any) throw new EgovValidationError([...this.found]);
  }
}

/** How an error leaves the egov face: status, `Errors[]`, extra headers. */
export interface EgovFailure {
  status: number;
  errors: EgovError[];
  headers: Record<string, string>;
}

/**
 * The egov face's status for each kind of error; egov-user answered 400 for everything, so unprocessable input is
 * plain bad input here. egov-user never erased anyone, so its clients know no 410: an erased user is a missing one.
 */
export const EGOV_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unprocessable: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 404,
  conflict: 409,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The service's own failures in egov-user's upper-case spelling; domain and rejection codes keep theirs. */
const EGOV_CODES: Record<string, string> = {
  concurrent_modification: 'CONCURRENT_MODIFICATION',
  consistency_timeout: 'CONSISTENCY_TIMEOUT',
  user_service_unavailable: 'USER_SERVICE_UNAVAILABLE',
  store_unavailable: 'STORE_UNAVAILABLE',
  internal_error: 'INTERNAL_ERROR',
};

/** Domain and service field names as egov-user spells them. */
const EGOV_FIELD_NAMES: Record<string, string> = {
  mobile: 'mobileNumber',
  email: 'emailId',
  dateOfBirth: 'dob',
  alternateMobileNumber: 'alternatemobilenumber',
  firstName: 'name',
  middleName: 'name',
  lastName: 'name',
};

export function egovFieldName(field: string): string {
  // Own names only: a field path such as `__proto__` must not find Object.prototype in the table.
  return Object.hasOwn(EGOV_FIELD_NAMES, field) ? EGOV_FIELD_NAMES[field] : field;
}

/** Every error a handler can meet, as the egov error envelope's status and entries; nothing unplanned leaks its message. */
export function egovFailureOf(error: unknown): EgovFailure {
  if (error instanceof EgovValidationError) {
    return failure(
      400,
      ...error.violations.map((violation) =>
        entry(violation.code ?? INVALID_FIELD, `${violation.field}: ${violation.message}`, [violation.field]),
      ),
    );
  }
  if (error instanceof RequestInputError) {
    const field = error.field as string;
    return failure(400, entry(error.code.toUpperCase(), `${field}: ${error.detail}`, [field]));
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return fromRosterError(asRosterError(error));
}

function fromRosterError(error: RosterError): EgovFailure {
  const failed = failure(
    EGOV_STATUS[error.kind],
    entry(
      Object.hasOwn(EGOV_CODES, error.code) ? EGOV_CODES[error.code] : error.code,
      error.detail,
      error.field ? [egovFieldName(error.field)] : [],
    ),
  );
  if (error.retryAfter) return { ...failed, headers: { 'retry-after': String(error.retryAfter) } };
  return error.kind === 'unauthorized' ? { ...failed, headers: { 'www-authenticate': 'Bearer' } } : failed;
}

/** Nest's and Fastify's own errors: malformed or oversized bodies, unknown routes, foreign content types. */
function fromHttpException(error: HttpException): EgovFailure {
  const status = error.getStatus();
  switch (status) {
    case 400:
      // A fixed message: a parser's own may quote the body, and with it a password.
      return failure(
        400,
        entry('MALFORMED_BODY', 'the body is not valid JSON (or form data for /user/oauth/token)', ['body']),
      );
    case 404:
      return failure(404, entry('NOT_FOUND', frameworkMessageOf(error), []));
    case 405:
      return failure(405, entry('METHOD_NOT_ALLOWED', frameworkMessageOf(error), []));
    case 413:
      return failure(413, entry('BODY_TOO_LARGE', 'the request body exceeds the size limit', ['body']));
    case 415:
      return failure(
        415,
        entry('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json (or form-encoded to /user/oauth/token)', [
          'content-type',
        ]),
      );
    case 431:
      return failure(
        431,
        entry('HEADERS_TOO_LARGE', 'the request line and headers exceed the size limit', ['headers']),
      );
    default:
      return failure(status, entry(`HTTP_${status}`, frameworkMessageOf(error), []));
  }
}

function failure(status: number, ...errors: EgovError[]): EgovFailure {
  return { status, errors, headers: {} };
}

function entry(code: string, message: string, params: string[]): EgovError {
  return { code, message, description: message, params };
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ErrorKind, RosterError } from '@roster/domain';
import { WrongExpectedRevisionError } from '@roster/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asRosterError } from '@roster/user-service-contract';
import { isEgovPath, isUserOtpPath, sendEgovError } from '../egov/egov-error.filter';
import { sendUserOtpError } from '../egov/otp/user-otp-errors';
import { frameworkMessageOf } from './framework-message';
import { ProblemException } from './problem';

/** Domain field names as the nCore face spells them. */
const NCORE_FIELDS: Record<string, string> = {
  parentId: 'parent_user_id',
  userName: 'user_name',
  mobileNumber: 'mobile',
  id: 'id',
};

/** The nCore face's status for each kind of error. */
export const NCORE_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Every error leaves the gateway as an RFC 9457 problem document; nothing unplanned is answered as-is. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The egov face answers its own envelope, also for failures before its controllers run (body parsing, unknown paths).
    if (isUserOtpPath(request.url)) return sendUserOtpError(error, request, reply);
    if (isEgovPath(request.url)) return sendEgovError(error, request, reply);
    const problem = problemOf(error, Boolean(request.headers['if-match']));
    if (problem.status >= 500 && problem.code === 'internal_error') {
      this.logger.error(
        `${request.method} ${request.url} failed`,
        error instanceof Error ? error.stack : String(error),
      );
    }
    reply
      .status(problem.status)
      .headers({ ...problem.headers, 'content-type': 'application/problem+json' })
      .send(problem.toDocument());
  }
}

/** Any error as the nCore face answers it; `ifMatch` says whether the request named the revision it expected. */
export function problemOf(error: unknown, ifMatch: boolean): ProblemException {
  if (error instanceof ProblemException) return error;
  // The client's If-Match lost a race it asked to lose: 412 with the current revision, not a retryable conflict.
  if (error instanceof WrongExpectedRevisionError && ifMatch) {
    return new ProblemException(412, 'revision_mismatch', 'the user changed since the revision given in If-Match', [
      { field: 'If-Match', message: `current revision is ${error.actual}` },
    ]);
  }
  if (error instanceof HttpException) return fromHttpException(error);
  return fromRosterError(asRosterError(error));
}

function fromRosterError(error: RosterError): ProblemException {
  const field = error.field && (NCORE_FIELDS[error.field] ?? error.field);
  // Bad input reads like the gateway's own validation: `field: why`.
  if (error.kind === 'invalid' && field) return ProblemException.badRequest(field, error.detail, error.code);
  const headers: Record<string, string> = error.retryAfter ? { 'retry-after': String(error.retryAfter) } : {};
  return new ProblemException(
    NCORE_STATUS[error.kind],
    error.code,
    error.detail,
    field ? [{ field, message: error.detail }] : undefined,
    headers,
  );
}

/** Nest's own errors, including Fastify's body parsing and size errors, which Nest wraps by status. */
function fromHttpException(error: HttpException): ProblemException {
  const status = error.getStatus();
  switch (status) {
    case 400:
      return ProblemException.badRequest('body', error.message, 'malformed_body');
    case 404:
      return new ProblemException(404, 'not_found', frameworkMessageOf(error));
    case 405:
      return new ProblemException(405, 'method_not_allowed', frameworkMessageOf(error));
    case 413:
      return new ProblemException(413, 'body_too_large', 'the request body exceeds the size limit', [
        { field: 'body', message: error.message },
      ]);
    case 415:
      return new ProblemException(415, 'unsupported_media_type', 'send the body as application/json', [
        { field: 'content-type', message: error.message },
      ]);
    default:
      return new ProblemException(status, `http_${status}`, frameworkMessageOf(error));
  }
}

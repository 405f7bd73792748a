import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ErrorKind, RosterError } from '@roster/domain';
import { WrongExpectedRevisionError } from '@roster/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { asRosterError } from '@roster/user-service-contract';
import { egovErrorAnswerOf, isEgovPath, isUserOtpPath } from '../egov/egov-error.filter';
import { userOtpErrorAnswerOf } from '../egov/otp/user-otp-errors';
import type { ErrorAnswer, FailedRequest } from './error-answer';
import { MethodNotAllowedError, sendErrorAnswer } from './error-answer';
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
  gone: 410,
  conflict: 409,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Every error leaves the gateway in the shape of the face the request came to; nothing unplanned is answered as-is. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

/** Answers an error of any request, also one that failed before a controller ran (routing, body parsing, URL). */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  sendErrorAnswer(errorAnswerOf(error, request), error, request, reply);
}

/**
 * An error as the face of `request` answers it: user-otp's shape on `/user-otp`, the egov envelope on `/user`, a
 * problem document elsewhere; a 405 also lists the path's methods in `Allow`.
 */
export function errorAnswerOf(error: unknown, request: FailedRequest): ErrorAnswer {
  const answer = isUserOtpPath(request.url)
    ? userOtpErrorAnswerOf(error, request.body)
    : isEgovPath(request.url)
      ? egovErrorAnswerOf(error, request)
      : problemAnswerOf(problemOf(error, Boolean(request.headers['if-match'])));
  if (!(error instanceof MethodNotAllowedError)) return answer;
  return { ...answer, headers: { ...answer.headers, allow: error.allow.join(', ') } };
}

function problemAnswerOf(problem: ProblemException): ErrorAnswer {
  return {
    status: problem.status,
    headers: { ...problem.headers, 'content-type': 'application/problem+json' },
    body: problem.toDocument(),
  };
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
  // Own names only: a field path such as `__proto__` must not find Object.prototype in the table.
  const field = error.field && (Object.hasOwn(NCORE_FIELDS, error.field) ? NCORE_FIELDS[error.field] : error.field);
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
    case 431:
      return new ProblemException(431, 'headers_too_large', 'the request line and headers exceed the size limit', [
        { field: 'headers', message: 'are too large' },
      ]);
    default:
      return new ProblemException(status, `http_${status}`, frameworkMessageOf(error));
  }
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@roster/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@roster/event-store';
import { InvalidCursorError, ReadModelUnavailableError } from '@roster/read-model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConsistencyTimeoutError, UserServiceUnavailableError } from '@roster/user-service-contract';
import { isEgovPath, isUserOtpPath, sendEgovError } from '../egov/egov-error.filter';
import { sendUserOtpError } from '../egov/otp/user-otp-errors';
import { ProblemException } from './problem';

/** Domain field names as the nCore face spells them. */
const NCORE_FIELDS: Record<string, string> = { parentId: 'parent_user_id', userName: 'user_name', mobileNumber: 'mobile', id: 'id' };

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  user_not_found: 404,
  user_already_exists: 409,
  parent_not_found: 422,
  parent_in_other_tenant: 422,
  self_parent: 422,
  parent_cycle: 409,
  user_name_taken: 409,
  mobile_number_taken: 409,
  user_inactive: 409,
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
    const problem = this.toProblem(error, request);
    if (problem.status >= 500 && problem.code === 'internal_error') {
      this.logger.error(`${request.method} ${request.url} failed`, error instanceof Error ? error.stack : String(error));
    }
    reply.status(problem.status).headers({ ...problem.headers, 'content-type': 'application/problem+json' }).send(problem.toDocument());
  }

  private toProblem(error: unknown, request: FastifyRequest): ProblemException {
    if (error instanceof ProblemException) return error;
    if (error instanceof DomainError) return fromDomainError(error);
    if (error instanceof InvalidCursorError) return ProblemException.badRequest('after', error.message, 'invalid_cursor');
    if (error instanceof WrongExpectedRevisionError) {
      return request.headers['if-match']
        ? new ProblemException(412, 'revision_mismatch', 'the user changed since the revision given in If-Match', [
            { field: 'If-Match', message: `current revision is ${error.actual}` },
          ])
        : new ProblemException(409, 'concurrent_modification', 'the user kept changing concurrently; retry the request');
    }
    if (error instanceof ConsistencyTimeoutError) {
      return new ProblemException(503, 'consistency_timeout', error.message, [{ field: 'X-Consistency-Token', message: error.message }], {
        'retry-after': '1',
      });
    }
    if (error instanceof UserServiceUnavailableError) {
      return new ProblemException(503, 'user_service_unavailable', 'the user service is unavailable; retry later', undefined, { 'retry-after': '1' });
    }
    if (error instanceof EventStoreUnavailableError || error instanceof ReadModelUnavailableError) {
      return new ProblemException(503, 'store_unavailable', 'a store is unavailable; retry later', undefined, { 'retry-after': '1' });
    }
    if (error instanceof HttpException) return fromHttpException(error);
    return new ProblemException(500, 'internal_error', 'an unexpected error occurred');
  }
}

function fromDomainError(error: DomainError): ProblemException {
  // A parent in another tenant is reported like a missing one, so tenants cannot probe each other's ids.
  const code = error.code === 'parent_in_other_tenant' ? 'parent_not_found' : error.code;
  const message = error.code === 'parent_in_other_tenant' ? 'parent user does not exist' : error.message;
  const field = NCORE_FIELDS[error.field ?? ''] ?? error.field;
  return new ProblemException(DOMAIN_STATUS[error.code], code, message, field ? [{ field, message }] : undefined);
}

/** Nest's own errors, including Fastify's body parsing and size errors, which Nest wraps by status. */
function fromHttpException(error: HttpException): ProblemException {
  const status = error.getStatus();
  switch (status) {
    case 400:
      return ProblemException.badRequest('body', error.message, 'malformed_body');
    case 404:
      return new ProblemException(404, 'not_found', error.message);
    case 405:
      return new ProblemException(405, 'method_not_allowed', error.message);
    case 413:
      return new ProblemException(413, 'body_too_large', 'the request body exceeds the size limit', [{ field: 'body', message: error.message }]);
    case 415:
      return new ProblemException(415, 'unsupported_media_type', 'send the body as application/json', [
        { field: 'content-type', message: error.message },
      ]);
    default:
      return new ProblemException(status, `http_${status}`, error.message);
  }
}

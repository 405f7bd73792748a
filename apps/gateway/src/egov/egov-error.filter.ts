import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorAnswer, FailedRequest } from '../problems/error-answer';
import { sendErrorAnswer } from '../problems/error-answer';
import { EgovError, egovFailureOf, EgovFailure } from './egov-errors';
import { requestInfoForEcho, ResponseInfo, responseInfoOf } from './envelope/egov-envelope';

/** egov-user's error answer, with a meaningful HTTP status where egov-user answered 400 for everything. */
export interface EgovErrorResponse {
  ResponseInfo: ResponseInfo;
  Errors: EgovError[];
}

/** OAuth2's error fields (RFC 6749 §5.2), which `/user/oauth/token` clients read beside the egov envelope. */
export interface OAuthErrorResponse extends EgovErrorResponse {
  error: string;
  error_description: string;
}

/** Paths of the egov face, whose errors answer the egov envelope even when no controller ran. */
export function isEgovPath(url: string): boolean {
  return /^\/+user(-otp)?\//.test(url);
}

/** Paths of DIGIT's user-otp service, whose errors have user-otp's own shape. */
export function isUserOtpPath(url: string): boolean {
  return /^\/+user-otp\//.test(url);
}

/** DIGIT's token endpoint, whose clients read OAuth2's error fields. */
export function isOAuthTokenPath(url: string): boolean {
  return /^\/+user\/+oauth\/+token\/*(\?|$)/.test(url);
}

/**
 * Every error of the egov face as `{"ResponseInfo", "Errors"}`. Controller-scoped (it runs before the
 * global problem-document filter); the global filter hands over `/user` requests that fail before a
 * controller runs (unparseable body, unknown path), and both answer through `egovErrorAnswerOf`.
 */
@Catch()
export class EgovErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendErrorAnswer(egovErrorAnswerOf(error, request), error, request, http.getResponse<FastifyReply>());
  }
}

/**
 * An error as the egov envelope, echoing the RequestInfo of the request's body when it has one, with the fields
 * the path's clients read beside it: OAuth2's `error`/`error_description` on `/user/oauth/token`, egov-otp's
 * error object where a code failed validation.
 */
export function egovErrorAnswerOf(error: unknown, request: Pick<FailedRequest, 'url' | 'body'>): ErrorAnswer {
  const failure = egovFailureOf(error);
  const answer: EgovErrorResponse = {
    ResponseInfo: responseInfoOf(requestInfoForEcho(request.body), 'failed'),
    Errors: failure.errors,
  };
  const extraFields = isOAuthTokenPath(request.url) ? oauthFields(failure) : otpValidationFields(failure);
  return {
    status: failure.status,
    headers: { ...failure.headers, 'content-type': 'application/json; charset=utf-8' },
    body: { ...answer, ...extraFields },
  };
}

/**
 * egov-otp's error object, which egov-user passed on verbatim when a code failed validation (registration,
 * password reset): the DIGIT UI shows `error.fields[0].message`. Added beside the egov envelope, like OAuth2's
 * fields on the token endpoint, so readers of either shape find theirs.
 */
export interface EgovOtpValidationError {
  error: {
    code: number;
    message: string;
    description: null;
    fields: Array<{ code: string; message: string; field: string }>;
  };
}

function otpValidationFields(failure: EgovFailure): EgovOtpValidationError | object {
  const rejected = failure.errors.find((entry) => entry.code.startsWith('OTP_'));
  if (!rejected) return {};
  const fields = [{ code: 'OTP.VALIDATION_UNSUCCESSFUL', message: rejected.message, field: 'otp.otp' }];
  return { error: { code: failure.status, message: 'OTP validation unsuccessful', description: null, fields } };
}

const OAUTH_ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]);

function oauthFields(failure: EgovFailure): Pick<OAuthErrorResponse, 'error' | 'error_description'> {
  const first = failure.errors[0];
  return {
    error: oauthErrorOf(failure.status, first?.code),
    error_description: first?.message ?? 'the request failed',
  };
}

function oauthErrorOf(status: number, code: string | undefined): string {
  if (code && OAUTH_ERROR_CODES.has(code)) return code;
  if (status === 400) return 'invalid_request';
  if (status === 401 || status === 423) return 'invalid_grant';
  if (status === 429 || status === 503) return 'temporarily_unavailable';
  return 'server_error';
}

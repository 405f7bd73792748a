import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorAnswer } from '../../problems/error-answer';
import { sendErrorAnswer } from '../../problems/error-answer';
import { RequestInputError } from '../../problems/request-input-error';
import { EgovValidationError, egovFailureOf } from '../egov-errors';
import { canonicalFields, isJsonObject } from '../envelope/egov-fields';

/** One entry of user-otp's `error.fields`: the field under its request path (`otp.mobileNumber`). */
export interface UserOtpErrorField {
  code: string;
  message: string;
  field: string;
}

/** user-otp's error answer (its own contract, not egov-user's): the DIGIT UI shows `error.fields[0].message`. */
export interface UserOtpErrorResponse {
  responseInfo: null;
  error: { code: number; message: string; description: null; fields: UserOtpErrorField[] };
}

const FAILED_REQUEST: Record<string, string> = {
  register: 'OTP request for register failed',
  login: 'OTP request for login failed',
  passwordreset: 'OTP request for password reset failed',
};

/**
 * Every error of `/user-otp/...` in user-otp's shape. The status is the egov face's (400 for bad input and
 * the user checks, as user-otp; 429 for the send limit and 503 for a store that is down, where user-otp had none).
 */
@Catch()
export class UserOtpErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendUserOtpError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

export function sendUserOtpError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  sendErrorAnswer(userOtpErrorAnswerOf(error, request.body), error, request, reply);
}

/** An error in user-otp's shape; `body` (the request's) says which OTP type failed. */
export function userOtpErrorAnswerOf(error: unknown, body: unknown): ErrorAnswer {
  const failure = egovFailureOf(error);
  const fields = failure.errors.map(({ code, message, params }) => ({
    code,
    message: withoutPath(message),
    // The gateway's own refusals name the full path (or a query parameter) already.
    field: error instanceof RequestInputError ? params[0] : otpPath(params[0]),
  }));
  const answer: UserOtpErrorResponse = {
    responseInfo: null,
    error: { code: failure.status, message: summaryOf(error, body), description: null, fields },
  };
  return {
    status: failure.status,
    headers: { ...failure.headers, 'content-type': 'application/json; charset=utf-8' },
    body: answer,
  };
}

function summaryOf(error: unknown, body: unknown): string {
  if (error instanceof EgovValidationError) return 'Invalid OTP request';
  const otp = isJsonObject(body) ? canonicalFields(body, ['otp']).otp : undefined;
  const type = isJsonObject(otp) ? canonicalFields(otp, ['type']).type : undefined;
  return FAILED_REQUEST[typeof type === 'string' ? type.toLowerCase() : 'register'] ?? 'OTP request failed';
}

/** The egov face names fields by their path in the body (`otp.mobileNumber`); the user-service by the bare name. */
function otpPath(field: string | undefined): string {
  if (!field) return '';
  return /^(otp|body|content-type)\b/.test(field) ? field : `otp.${field}`;
}

/** Validation messages are `otp.mobileNumber: …`; user-otp's carry no path (the field says it). */
function withoutPath(message: string): string {
  return message.replace(/^[\w.[\]]+: /, '');
}

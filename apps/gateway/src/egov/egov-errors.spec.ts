import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, RequestRejectedError } from '@roster/domain';
import { EventStoreUnavailableError } from '@roster/event-store';
import { UserServiceUnavailableError } from '@roster/user-service-contract';
import { egovFailureOf, EgovValidationError } from './egov-errors';

describe('egovFailureOf', () => {
  it('answers the gateway’s own checks with 400 and one entry per field', () => {
    const failure = egovFailureOf(
      new EgovValidationError([
        { field: 'RequestInfo', message: 'is required', code: 'MISSING_FIELD' },
        { field: 'user.password', message: 'too short', code: 'INVALID_PWD_LENGTH' },
      ]),
    );
    expect(failure).toEqual({
      status: 400,
      headers: {},
      errors: [
        {
          code: 'MISSING_FIELD',
          message: 'RequestInfo: is required',
          description: 'RequestInfo: is required',
          params: ['RequestInfo'],
        },
        {
          code: 'INVALID_PWD_LENGTH',
          message: 'user.password: too short',
          description: 'user.password: too short',
          params: ['user.password'],
        },
      ],
    });
  });

  it.each([
    ['invalid', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['locked', 423],
    ['rate_limited', 429],
  ] as const)('answers a rejection of kind %s with %i, its code and field in egov spelling', (kind, status) => {
    const failure = egovFailureOf(new RequestRejectedError(kind, 'SOME_CODE', 'why', 'mobile'));
    expect(failure.status).toBe(status);
    expect(failure.errors).toEqual([
      { code: 'SOME_CODE', message: 'why', description: 'why', params: ['mobileNumber'] },
    ]);
  });

  it('asks for a bearer token on 401', () => {
    expect(
      egovFailureOf(new RequestRejectedError('unauthorized', 'InvalidAccessTokenException', 'no')).headers,
    ).toEqual({ 'www-authenticate': 'Bearer' });
  });

  it('answers domain refusals with 404, 409 or 400', () => {
    expect(egovFailureOf(new DomainError('user_not_found', 'user does not exist', 'uuid')).status).toBe(404);
    expect(egovFailureOf(new DomainError('user_name_taken', 'taken', 'userName')).status).toBe(409);
    expect(egovFailureOf(new DomainError('mobile_number_taken', 'taken', 'mobile')).errors[0].params).toEqual([
      'mobileNumber',
    ]);
    expect(egovFailureOf(new DomainError('self_parent', 'no')).status).toBe(400);
  });

  it('answers unavailable stores and services with 503 and Retry-After', () => {
    for (const error of [new EventStoreUnavailableError('down'), new UserServiceUnavailableError('down')]) {
      expect(egovFailureOf(error)).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    }
  });

  it("keeps Nest's statuses for malformed and oversized bodies, and hides unplanned errors", () => {
    const malformed = egovFailureOf(
      new BadRequestException('Unexpected token \'x\', "{"password": "Secr3t@pw"" is not valid JSON'),
    );
    expect(malformed).toMatchObject({ status: 400, errors: [{ code: 'MALFORMED_BODY' }] });
    expect(JSON.stringify(malformed)).not.toContain('Secr3t@pw');
    expect(egovFailureOf(new PayloadTooLargeException())).toMatchObject({
      status: 413,
      errors: [{ code: 'BODY_TOO_LARGE' }],
    });
    expect(egovFailureOf(new Error('secret stack detail'))).toEqual({
      status: 500,
      headers: {},
      errors: [
        {
          code: 'INTERNAL_ERROR',
          message: 'an unexpected error occurred',
          description: 'an unexpected error occurred',
          params: [],
        },
      ],
    });
  });
});

import { BadRequestException } from '@nestjs/common';
import { DomainError, RequestRejectedError } from '@roster/domain';
import { WrongExpectedRevisionError } from '@roster/event-store';
import { ConsistencyTimeoutError } from '@roster/user-service-contract';
import { problemOf } from './problem.filter';

describe('problemOf (nCore face)', () => {
  it.each([
    [new RequestRejectedError('invalid', 'INVALID_PWD_LENGTH', 'too short', 'password'), 400],
    [new RequestRejectedError('unauthorized', 'invalid_grant', 'Invalid login credentials'), 401],
    [new RequestRejectedError('forbidden', 'ACCESS_DENIED', 'no'), 403],
    [new RequestRejectedError('locked', 'ACCOUNT_LOCKED', 'The account is locked'), 423],
    [new RequestRejectedError('rate_limited', 'OTP_RATE_LIMITED', 'slow down'), 429],
  ])('answers a rejection %s with a 4xx (it used to fall through to 500)', (error, status) => {
    expect(problemOf(error, false).toDocument()).toMatchObject({ status, code: error.code });
  });

  it('answers domain refusals with their status, code and field in nCore spelling', () => {
    expect(problemOf(new DomainError('parent_cycle', 'would create a cycle', 'parentId'), false).toDocument()).toEqual({
      type: 'urn:roster:problem:parent_cycle',
      title: 'Conflict',
      status: 409,
      code: 'parent_cycle',
      detail: 'would create a cycle',
      errors: [{ field: 'parent_user_id', message: 'would create a cycle' }],
    });
    const masked = problemOf(
      new DomainError('parent_in_other_tenant', 'the parent user belongs to another tenant', 'parentId'),
      false,
    );
    expect(masked.toDocument()).toMatchObject({
      status: 422,
      code: 'parent_not_found',
      detail: 'parent user does not exist',
    });
  });

  it('answers a lost If-Match race with 412 and a concurrent one with 409', () => {
    const conflict = new WrongExpectedRevisionError('user-1', 3, 4);
    expect(problemOf(conflict, true).toDocument()).toMatchObject({
      status: 412,
      code: 'revision_mismatch',
      errors: [{ field: 'If-Match', message: 'current revision is 4' }],
    });
    expect(problemOf(conflict, false).toDocument()).toMatchObject({ status: 409, code: 'concurrent_modification' });
  });

  it('asks to retry outages, and keeps Nest’s own errors', () => {
    const timeout = problemOf(new ConsistencyTimeoutError(7n), false);
    expect(timeout.headers).toEqual({ 'retry-after': '1' });
    expect(timeout.toDocument()).toMatchObject({
      status: 503,
      code: 'consistency_timeout',
      errors: [{ field: 'X-Consistency-Token' }],
    });
    expect(problemOf(new BadRequestException('bad json'), false).toDocument()).toMatchObject({
      status: 400,
      code: 'malformed_body',
    });
    expect(problemOf(new Error('secret'), false).toDocument()).toMatchObject({
      status: 500,
      code: 'internal_error',
      detail: 'an unexpected error occurred',
    });
  });
});

import { DomainError, RequestRejectedError, RosterError } from '@roster/domain';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@roster/event-store';
import { InvalidCursorError, ReadModelUnavailableError } from '@roster/read-model';
import { asRosterError } from './rpc-errors';
import { ConsistencyTimeoutError, UserServiceUnavailableError } from './service-errors';

const seen = (error: unknown) => {
  const { kind, code, field, detail, retryAfter } = asRosterError(error);
  return { kind, code, field, detail, retryAfter };
};

describe('asRosterError', () => {
  it.each([
    [
      new InvalidCursorError('bad cursor'),
      { kind: 'invalid', code: 'invalid_cursor', field: 'after', detail: 'bad cursor' },
    ],
    [
      new WrongExpectedRevisionError('user-1', 3, 4),
      {
        kind: 'conflict',
        code: 'concurrent_modification',
        detail: 'the user kept changing concurrently; retry the request',
      },
    ],
    [
      new ConsistencyTimeoutError(7n),
      {
        kind: 'unavailable',
        code: 'consistency_timeout',
        field: 'X-Consistency-Token',
        detail: 'the read model has not yet caught up with position 7',
        retryAfter: 1,
      },
    ],
    [
      new UserServiceUnavailableError('connect ECONNREFUSED'),
      {
        kind: 'unavailable',
        code: 'user_service_unavailable',
        detail: 'the user service is unavailable; retry later',
        retryAfter: 1,
      },
    ],
    [
      new EventStoreUnavailableError('sqlite busy'),
      { kind: 'unavailable', code: 'store_unavailable', detail: 'a store is unavailable; retry later', retryAfter: 1 },
    ],
    [
      new ReadModelUnavailableError('mongodb://user:secret@db'),
      { kind: 'unavailable', code: 'store_unavailable', detail: 'a store is unavailable; retry later', retryAfter: 1 },
    ],
    [
      new TypeError('x is undefined at /srv/app.js:12'),
      { kind: 'internal', code: 'internal_error', detail: 'an unexpected error occurred' },
    ],
  ])('%s is seen as %o', (error, expected) => {
    expect(seen(error)).toEqual({ field: undefined, retryAfter: undefined, ...expected });
  });

  it('passes domain refusals and rejections through as they are', () => {
    const refusal = new DomainError('parent_cycle', 'would create a cycle', 'parentId');
    const rejection = new RequestRejectedError('forbidden', 'ACCESS_DENIED', 'no');
    expect(asRosterError(refusal)).toBe(refusal);
    expect(asRosterError(rejection)).toBe(rejection);
  });

  it('reports a parent in another tenant like a missing one, so tenants cannot probe ids', () => {
    const masked = asRosterError(
      new DomainError('parent_in_other_tenant', 'the parent user belongs to another tenant', 'parentId'),
    );
    expect(masked).toBeInstanceOf(RosterError);
    expect(seen(masked)).toEqual({
      kind: 'unprocessable',
      code: 'parent_not_found',
      field: 'parentId',
      detail: 'parent user does not exist',
      retryAfter: undefined,
    });
  });
});

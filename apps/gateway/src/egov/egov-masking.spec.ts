import { DomainError } from '@roster/domain';
import { WrongExpectedRevisionError } from '@roster/event-store';
import { UserServiceUnavailableError } from '@roster/user-service-contract';
import { egovFailureOf } from './egov-errors';

describe('egovFailureOf, beyond the envelope basics', () => {
  it('reports a parent in another tenant like a missing one', () => {
    expect(
      egovFailureOf(new DomainError('parent_in_other_tenant', 'the parent user belongs to another tenant', 'parentId')),
    ).toEqual({
      status: 400,
      headers: {},
      errors: [
        {
          code: 'parent_not_found',
          message: 'parent user does not exist',
          description: 'parent user does not exist',
          params: ['parentId'],
        },
      ],
    });
  });

  it("spells the service's own failures in upper case", () => {
    expect(egovFailureOf(new WrongExpectedRevisionError('user-1', 3, 4)).errors[0].code).toBe(
      'CONCURRENT_MODIFICATION',
    );
    expect(egovFailureOf(new UserServiceUnavailableError('down')).errors).toEqual([
      {
        code: 'USER_SERVICE_UNAVAILABLE',
        message: 'the user service is unavailable; retry later',
        description: 'the user service is unavailable; retry later',
        params: [],
      },
    ]);
  });
});

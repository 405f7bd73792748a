import { DOMAIN_ERROR_KINDS, DomainError, RequestRejectedError, RosterError } from './errors';

describe('the error taxonomy', () => {
  it.each(Object.entries(DOMAIN_ERROR_KINDS))('a domain refusal %s is of kind %s', (code, kind) => {
    const error = new DomainError(code as keyof typeof DOMAIN_ERROR_KINDS, 'why', 'parentId');
    expect(error).toBeInstanceOf(RosterError);
    expect(error).toMatchObject({
      kind,
      code,
      field: 'parentId',
      detail: 'why',
      message: 'why',
      retryAfter: undefined,
    });
  });

  it('a rejection carries its kind, code, field and detail', () => {
    const error = new RequestRejectedError('locked', 'ACCOUNT_LOCKED', 'The account is locked', 'userName');
    expect(error).toBeInstanceOf(RosterError);
    expect(error).toMatchObject({
      kind: 'locked',
      code: 'ACCOUNT_LOCKED',
      field: 'userName',
      detail: 'The account is locked',
      name: 'RequestRejectedError',
    });
  });
});

import type { ErrorKind } from '@roster/domain';
import { DomainError, RosterError } from '@roster/domain';
import { egovFailureOf } from './egov/egov-errors';
import { problemOf } from './problems/problem.filter';

/** Each face chooses its own status per kind; egov-user answered 400 where nCore says 422. */
const STATUSES: Array<[ErrorKind, nCore: number, egov: number]> = [
  ['invalid', 400, 400],
  ['unprocessable', 422, 400],
  ['unauthorized', 401, 401],
  ['forbidden', 403, 403],
  ['not_found', 404, 404],
  ['gone', 410, 404],
  ['conflict', 409, 409],
  ['locked', 423, 423],
  ['rate_limited', 429, 429],
  ['unavailable', 503, 503],
  ['internal', 500, 500],
];

describe('statuses per face', () => {
  it.each(STATUSES)('kind %s answers %i on the nCore face and %i on the egov face', (kind, nCore, egov) => {
    const error = new RosterError(kind, 'some_code', 'why');
    expect(problemOf(error, false).toDocument()).toMatchObject({ status: nCore, code: 'some_code', detail: 'why' });
    expect(egovFailureOf(error)).toMatchObject({ status: egov, errors: [{ code: 'some_code', message: 'why' }] });
  });
});

describe('an erased user on the nCore face', () => {
  it('is a 410 Gone problem naming the id', () => {
    expect(problemOf(new DomainError('user_erased', 'the user was erased', 'id'), false).toDocument()).toEqual({
      type: 'urn:roster:problem:user_erased',
      title: 'Gone',
      status: 410,
      code: 'user_erased',
      detail: 'the user was erased',
      errors: [{ field: 'id', message: 'the user was erased' }],
    });
  });
});

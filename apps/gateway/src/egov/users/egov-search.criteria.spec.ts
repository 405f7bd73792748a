import type { EgovValidationError } from '../egov-errors';
import { Violations } from '../egov-errors';
import { egovSearchCriteriaOf } from './egov-search.criteria';

function criteria(body: object, query: object = {}, activeByDefault = false) {
  const violations = new Violations();
  const result = egovSearchCriteriaOf(
    { RequestInfo: {}, ...body },
    query as Record<string, unknown>,
    activeByDefault,
    violations,
  );
  violations.throwIfAny();
  return result;
}

function rejected(body: object, query: object = {}): string[] {
  try {
    criteria(body, query);
  } catch (error) {
    return (error as EgovValidationError).violations.map((violation) => violation.field);
  }
  throw new Error('the criteria were accepted');
}

describe('egov search criteria', () => {
  it("defaults: 100 per page (egov-user's unset page: every match), first page, by name; active=true only where the endpoint says so", () => {
    expect(criteria({})).toEqual({ pageSize: 100, pageNumber: 0, sort: ['name'] });
    expect(criteria({}, {}, true)).toEqual({ active: true, pageSize: 100, pageNumber: 0, sort: ['name'] });
    expect(criteria({ active: false }, {}, true).active).toBe(false);
  });

  it('reads every criterion of the body, case-insensitively, numeric ids as numbers or digit strings', () => {
    expect(
      criteria({
        TENANTID: 'pb.amritsar',
        id: ['1', 2],
        uuid: ['u-3'],
        userName: 'EMP1',
        name: 'Ri',
        mobileNumber: '9876543210',
        emailId: 'a@b.in',
        userType: 'employee',
        roleCodes: ['EMPLOYEE', 'HRMS_ADMIN'],
        lastChangedSince: 1700000000000,
        includeDetails: true,
        pageSize: 5,
        pageNumber: 2,
        sort: ['USERNAME', 'createdDate'],
        aadhaarNumber: 'ignored',
      }),
    ).toEqual({
      tenantId: 'pb.amritsar',
      numericIds: [1, 2],
      uuids: ['u-3'],
      userName: 'EMP1',
      name: 'Ri',
      mobileNumber: '9876543210',
      emailId: 'a@b.in',
      userType: 'EMPLOYEE',
      roleCodes: ['EMPLOYEE', 'HRMS_ADMIN'],
      lastChangedSince: new Date(1700000000000),
      pageSize: 5,
      pageNumber: 2,
      sort: ['userName', 'createdDate'],
    });
  });

  it('checks the body on its own: a wrongly typed body criterion is refused even when the query gives it too', () => {
    expect(rejected({ name: 42, pageSize: 'many' }, { name: 'Query', pageSize: '2' })).toEqual(['name', 'pageSize']);
    expect(rejected({}, { pageNumber: '-1' })).toEqual(['pageNumber']);
    // A query 0 is the "unset" page size even over the body's: every match (the largest page).
    expect(criteria({ pageSize: 5 }, { pageSize: '0' }).pageSize).toBe(100);
    expect(criteria({ active: false }, {}, true).active).toBe(false);
    expect(criteria({ active: true }, { active: 'false' }, true).active).toBe(false);
  });

  it('takes query parameters too; one given in the query replaces the same criterion of the body', () => {
    expect(
      criteria(
        { tenantId: 'pb', name: 'Body', roleCodes: ['BODY'] },
        {
          name: 'Query',
          roleCodes: 'A,B',
          sort: ['userName', 'name'],
          pageSize: '2',
          active: 'false',
          lastChangedSince: '1700000000000',
        },
      ),
    ).toEqual({
      tenantId: 'pb',
      name: 'Query',
      roleCodes: ['A', 'B'],
      active: false,
      lastChangedSince: new Date(1700000000000),
      pageSize: 2,
      pageNumber: 0,
      sort: ['userName', 'name'],
    });
  });

  it('cuts pages above 100 to 100 and reads pageSize 0 (in-cluster callers: every match) as the largest page', () => {
    expect(criteria({ pageSize: 500 }).pageSize).toBe(100);
    expect(criteria({ pageSize: 0 }).pageSize).toBe(100);
    expect(criteria({ pageSize: '100' }).pageSize).toBe(100);
    expect(criteria({ pageSize: 7 }).pageSize).toBe(7);
  });

  it('an empty uuid list is no criterion (property-services sends uuid: [])', () => {
    expect(criteria({ uuid: [], id: [] })).toEqual({ pageSize: 100, pageNumber: 0, sort: ['name'] });
  });

  it('names each criterion of the wrong type or outside its rule', () => {
    expect(rejected({ pageSize: 'abc' })).toEqual(['pageSize']);
    expect(rejected({}, { pageNumber: '-1' })).toEqual(['pageNumber']);
    expect(rejected({ sort: ['name; DROP TABLE users'] })).toEqual(['sort']);
    expect(rejected({ sort: 'name' })).toEqual(['sort']);
    expect(rejected({ roleCodes: 'EMPLOYEE' })).toEqual(['roleCodes']);
    expect(rejected({ id: 'u-1' })).toEqual(['id']);
    expect(rejected({ id: ['u-1'] })).toEqual(['id']);
    expect(rejected({ id: [0] })).toEqual(['id']);
    expect(rejected({ pageNumber: 999999999999999 })).toEqual(['pageNumber']);
    expect(rejected({ active: 'yes' })).toEqual(['active']);
    expect(rejected({ lastChangedSince: '2024-01-01' })).toEqual(['lastChangedSince']);
    expect(rejected({ userType: 'ADMIN' })).toEqual(['userType']);
    expect(rejected({ tenantId: 'pb;1' })).toEqual(['tenantId']);
    expect(rejected({ name: 5, includeDetails: 'x' })).toEqual(['includeDetails', 'name']);
  });
});

import type { FastifyRequest } from 'fastify';
import type { EgovValidationError } from '../egov-errors';
import { Violations } from '../egov-errors';
import { accessTokenOf, gatewayCaller } from './egov-access-token';
import { readEgovRequest, requestInfoForEcho, responseInfoOf } from './egov-envelope';
import { canonicalFields, FieldReader } from './egov-fields';
import { testDouble } from '../../testing/test-double';

const requestWith = (body: unknown, query: object = {}, headers: object = {}) =>
  testDouble<FastifyRequest>({ body, query, headers: headers as FastifyRequest['headers'] });

function violationsOf(run: (violations: Violations) => void): Array<{ field: string; code?: string }> {
  const violations = new Violations();
  run(violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as EgovValidationError).violations.map(({ field, code }) => ({ field, code }));
  }
}

describe('canonicalFields', () => {
  it('matches names whatever their case and drops unknown fields', () => {
    expect(
      canonicalFields({ MOBILENUMBER: '9876543210', emailid: 'a@b.in', shoeSize: 44 }, ['mobileNumber', 'emailId']),
    ).toEqual({
      mobileNumber: '9876543210',
      emailId: 'a@b.in',
    });
  });

  it('keeps the first spelling when a name comes twice', () => {
    expect(canonicalFields({ name: 'first', NAME: 'second' }, ['name'])).toEqual({ name: 'first' });
  });

  it('never takes a key such as __proto__ from the body', () => {
    const fields = canonicalFields(JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}'), ['name']);
    expect(fields).toEqual({ name: 'x' });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('FieldReader', () => {
  const fields = ['name', 'active', 'pageSize', 'roleCodes', 'user', 'type', 'tenantId'] as const;

  it('reads each type, also the strings Jackson coerces to booleans and numbers', () => {
    const reader = new FieldReader(
      { name: 'Asha', active: 'false', pageSize: '20', roleCodes: ['A'], user: {}, type: 'employee' },
      fields,
      new Violations(),
    );
    expect([
      reader.string('name'),
      reader.boolean('active'),
      reader.count('pageSize'),
      reader.stringArray('roleCodes'),
      reader.object('user'),
    ]).toEqual(['Asha', false, 20, ['A'], {}]);
    expect(reader.choice('type', ['CITIZEN', 'EMPLOYEE'])).toBe('EMPLOYEE');
  });

  it('names every field of the wrong type under its path', () => {
    const found = violationsOf((violations) => {
      const reader = new FieldReader(
        { name: 5, active: 'yes', pageSize: 'abc', roleCodes: 'x', user: [], tenantId: 'pb.1' },
        fields,
        violations,
        'user',
      );
      reader.string('name');
      reader.boolean('active');
      reader.count('pageSize');
      reader.stringArray('roleCodes');
      reader.object('user');
      reader.tenantId('tenantId');
    });
    expect(found.map(({ field }) => field)).toEqual([
      'user.name',
      'user.active',
      'user.pageSize',
      'user.roleCodes',
      'user.user',
      'user.tenantId',
    ]);
  });

  it('reports a required field that is absent or null as missing', () => {
    expect(
      violationsOf((violations) =>
        new FieldReader({ name: null }, fields, violations).string('name', { required: true }),
      ),
    ).toEqual([{ field: 'name', code: 'MISSING_FIELD' }]);
  });

  it('reads null and "" as a cleared optional field', () => {
    const reader = new FieldReader({ name: '', type: null }, fields, new Violations());
    expect([
      reader.clearableString('name'),
      reader.clearableString('type'),
      reader.clearableString('tenantId'),
    ]).toEqual([null, null, undefined]);
  });
});

describe('RequestInfo', () => {
  it('is required, and named when missing or not an object', () => {
    expect(() =>
      readEgovRequest(requestWith({ RequestInfo: {}, user: {} }), ['user']).violations.throwIfAny(),
    ).not.toThrow();
    const missing = readEgovRequest(requestWith({ user: {} }), ['user']);
    expect(() => missing.violations.throwIfAny()).toThrow('RequestInfo: is required');
    const wrong = readEgovRequest(requestWith({ RequestInfo: 'x' }), []);
    expect(() => wrong.violations.throwIfAny()).toThrow('RequestInfo: must be an object');
  });

  it('is read whatever the case of its name and fields; an array body is refused as a whole', () => {
    const parsed = readEgovRequest(requestWith({ requestinfo: { MSGID: 'm-1', AuthToken: 't', ts: 17 } }), []);
    expect(parsed.requestInfo).toMatchObject({ msgId: 'm-1', authToken: 't', ts: 17 });
    expect(() => readEgovRequest(requestWith([1, 2]), []).violations.throwIfAny()).toThrow(
      'body: must be a JSON object',
    );
  });

  it('may be absent where the endpoint says so', () => {
    expect(() => readEgovRequest(requestWith(undefined), [], 'optional').violations.throwIfAny()).not.toThrow();
  });

  it('is echoed in the ResponseInfo of answers and errors', () => {
    expect(responseInfoOf({ apiId: 'Rainmaker', ver: '.01', msgId: 'm-1' }, 'successful')).toEqual({
      apiId: 'Rainmaker',
      ver: '.01',
      ts: expect.any(Number),
      resMsgId: expect.any(String),
      msgId: 'm-1',
      status: 'successful',
    });
    expect(requestInfoForEcho({ RequestInfo: { msgId: 'm-2' }, user: 5 })?.msgId).toBe('m-2');
    expect(requestInfoForEcho('not json')).toBeNull();
  });
});

describe('accessTokenOf', () => {
  it('takes RequestInfo.authToken, then access_token of the query or body, then a Bearer header', () => {
    expect(accessTokenOf(requestWith({}, { access_token: 'q' }), { authToken: 'info' }, {})).toBe('info');
    expect(accessTokenOf(requestWith({}, { access_token: 'q' }), null, { access_token: 'b' })).toBe('q');
    expect(accessTokenOf(requestWith({}), null, { Access_Token: 'b' })).toBe('b');
    expect(accessTokenOf(requestWith({}, {}, { authorization: 'Bearer h' }), null, {})).toBe('h');
  });

  it("ignores the OAuth client's Basic credential", () => {
    expect(
      accessTokenOf(requestWith({}, {}, { authorization: 'Basic ZWdvdi11c2VyLWNsaWVudDo=' }), null, {}),
    ).toBeNull();
  });
});

describe('gatewayCaller', () => {
  it("reads the caller DIGIT's gateway put into RequestInfo.userInfo (zuul's User), trusted", () => {
    const userInfo = {
      id: 23,
      uuid: 'u-1',
      userName: 'EMP1',
      name: 'A',
      type: 'EMPLOYEE',
      mobileNumber: '9999999999',
      emailId: null,
      tenantId: 'pb.amritsar',
      roles: [{ id: null, name: 'Employee', code: 'EMPLOYEE', tenantId: 'pb.amritsar' }, { code: 'NO_TENANT' }],
    };
    expect(gatewayCaller(userInfo)).toEqual({
      userId: 'u-1',
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
      userName: 'EMP1',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
      permissions: [],
      trusted: true,
    });
  });

  it('without userInfo the caller is an in-cluster service acting as no user', () => {
    expect(gatewayCaller(undefined)).toEqual({
      userId: null,
      tenantId: null,
      userType: null,
      userName: null,
      roles: [],
      permissions: [],
      trusted: true,
    });
    expect(gatewayCaller({ type: 'martian', uuid: '' })).toMatchObject({ userId: null, userType: null });
  });
});

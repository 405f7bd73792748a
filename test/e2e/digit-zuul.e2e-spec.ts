import { unique } from './support/egov-client';
import { uiRequestInfo, zuulUserSearchRequest } from './support/digit/client-requests';
import { DigitDeployment, EGOV_AUTH_MODES, zuulUserInfo } from './support/digit/digit-deployment';
import type { Employee } from './support/digit/digit-fixtures';
import { createAsAdmin, employeeWithRoles, expectJavaId, expectOk } from './support/digit/digit-fixtures';
import {
  jacksonConvert,
  JavaException,
  parseUserDates,
  ZUUL_USER,
  ZUUL_USER_DETAIL_RESPONSE,
} from './support/digit/java-readers';

/**
 * DIGIT's API gateway (core-services/zuul) calling Roster as it calls egov-user:
 * - AuthFilter.getUser: `POST /user/_details?access_token=<t>`, no body, no content type, read into zuul's
 *   `org.egov.contract.User` (case-sensitive, `id` an Integer); an invalid token must give a 4xx whose body
 *   contains `InvalidAccessTokenException` (zuul turns only that into a 401);
 * - UserUtils.fetchSystemUser: the anonymous user of mixed-mode endpoints, `POST //user/v1/_search` (the
 *   deployed host ends with `/`), read into `org.egov.model.UserDetailResponse`.
 * What each client depends on: docs/egov.md, "What DIGIT's clients send and read".
 */
describe.each(EGOV_AUTH_MODES)('DIGIT API gateway (zuul), ROSTER_EGOV_AUTH=%s', (auth) => {
  let digit: DigitDeployment;
  let employee: Employee;

  beforeAll(async () => {
    digit = await DigitDeployment.start(auth);
    employee = await employeeWithRoles(digit, ['EMPLOYEE', 'GRO'], 'Harpreet Kaur');
  });
  afterAll(() => digit?.stop());

  it("AuthFilter: /user/_details answers egov-user's CustomUserDetails, which zuul's User reads", async () => {
    const answer = await digit.zuul.details(employee.token);
    expectOk(answer);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    expect(Object.keys(answer.body).sort()).toEqual(
      [
        'id',
        'userName',
        'name',
        'mobileNumber',
        'emailId',
        'locale',
        'type',
        'roles',
        'active',
        'actions',
        'tenantId',
        'uuid',
      ].sort(),
    );
    expectJavaId(answer.body.id);
    expect(answer.body.actions).toBeNull();
    expect(answer.body.active).toBe(true);

    // RestTemplate.postForObject(authURL, entity, User.class): throws (→ zuul 500) where zuul cannot read it.
    const user = jacksonConvert(answer.body, ZUUL_USER, '$') as Record<string, any>;
    expect(user).toEqual({
      id: employee.id,
      uuid: employee.uuid,
      userName: employee.userName,
      name: 'Harpreet Kaur',
      type: 'EMPLOYEE',
      mobileNumber: employee.mobileNumber,
      emailId: employee.emailId,
      tenantId: 'pb.amritsar',
      roles: expect.any(Array),
      actions: null,
    });
    expect(user.roles.map(({ code, tenantId }: Record<string, string>) => `${code}@${tenantId}`).sort()).toEqual([
      'EMPLOYEE@pb.amritsar',
      'GRO@pb.amritsar',
    ]);
    for (const role of user.roles) expect(role.name).toEqual(expect.any(String));
    expect(user.roles.find((role: { code: string }) => role.code === 'GRO').name).toBe('Grievance Routing Officer');
  });

  it('the userInfo zuul forwards is its User serialisation: {id,uuid,userName,name,type,mobileNumber,emailId,tenantId,roles:[{id:null,…}]}', async () => {
    const userInfo = await digit.zuul.userInfoOf(employee.token);
    expect(Object.keys(userInfo)).toEqual([
      'id',
      'uuid',
      'userName',
      'name',
      'type',
      'mobileNumber',
      'emailId',
      'tenantId',
      'roles',
    ]);
    expect(userInfo).toMatchObject({ id: employee.id, uuid: employee.uuid, type: 'EMPLOYEE', tenantId: 'pb.amritsar' });
    for (const role of userInfo.roles) expect(Object.keys(role)).toEqual(['id', 'name', 'code', 'tenantId']);
  });

  it("the bootstrap SYSTEM admin's details fit zuul's User too (id an Integer, roles with tenantId)", async () => {
    const answer = await digit.zuul.details(digit.adminToken);
    expectOk(answer);
    const user = zuulUserInfo(answer.body);
    expectJavaId(user.id);
    expect(user).toMatchObject({
      type: 'SYSTEM',
      tenantId: 'pb',
      roles: [{ id: null, code: 'SUPERUSER', tenantId: 'pb', name: expect.any(String) }],
    });
  });

  it('an unknown token: a 4xx whose body contains InvalidAccessTokenException (zuul then answers 401)', async () => {
    for (const token of ['8b0c2a3e-2f4c-4a8e-9d1e-000000000000', 'not-a-token']) {
      const answer = await digit.zuul.details(token);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(JSON.stringify(answer.body)).toContain('InvalidAccessTokenException');
      // The DIGIT UI's axios interceptor (Request.js) sends the user to the login page when an Errors[].message names it.
      expect(
        answer.body.Errors.some((error: { message: string }) => error.message.includes('InvalidAccessTokenException')),
      ).toBe(true);
    }
  });

  it('a token revoked by logout is an invalid token from then on', async () => {
    const other = await employeeWithRoles(digit, ['EMPLOYEE'], 'Gurdeep Singh');
    expectOk(await digit.zuul.details(other.token));
    // The DIGIT UI's logoutUser (C1): the token in the body and in RequestInfo (zuul strips the latter).
    expectOk(
      await digit.browser(`/user/_logout?tenantId=pb.amritsar&_=${Date.now()}`, {
        access_token: other.token,
        RequestInfo: uiRequestInfo(other.token),
      }),
    );
    const answer = await digit.zuul.details(other.token);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.stringify(answer.body)).toContain('InvalidAccessTokenException');
  });

  it('fetchSystemUser: POST //user/v1/_search finds the ANONYMOUS SYSTEM user zuul uses for mixed-mode endpoints', async () => {
    const anonymous = await createAsAdmin(digit, {
      userName: `anonymous-${unique()}`,
      name: 'Anonymous',
      type: 'SYSTEM',
      tenantId: 'pb',
      active: true,
      roles: [{ code: 'ANONYMOUS', tenantId: 'pb' }],
    });
    // A second SYSTEM user without the role must not be picked.
    await createAsAdmin(digit, {
      userName: `a-system-${unique()}`,
      name: 'Aaa System',
      type: 'SYSTEM',
      tenantId: 'pb',
      active: true,
      roles: [{ code: 'SYSTEM', tenantId: 'pb' }],
    });

    // UserSearchRequest as zuul's class serialises it: every field, nulls included (ROSTER_EGOV_AUTH=token adds the service token).
    const answer = await digit.service(
      '//user/v1/_search',
      zuulUserSearchRequest({ tenantId: 'pb', pageSize: 1, userType: 'SYSTEM', roleCodes: ['ANONYMOUS'] }),
    );
    expectOk(answer);
    // restTemplate.postForObject(uri, request, UserDetailResponse.class), then user.get(0).
    const response = jacksonConvert(answer.body, ZUUL_USER_DETAIL_RESPONSE, '$') as { user: Record<string, any>[] };
    expect(response.user).toHaveLength(1);
    const [user] = response.user;
    expectJavaId(user.id);
    expect(user).toMatchObject({ uuid: anonymous.uuid, userName: anonymous.userName, type: 'SYSTEM', tenantId: 'pb' });
    expect(user.roles).toEqual([{ id: null, name: 'Anonymous', code: 'ANONYMOUS', tenantId: 'pb' }]);
  });

  it('self-check: the Java readers fail where the clients fail', () => {
    expect(() => jacksonConvert({ id: 2147483648 }, ZUUL_USER, '$')).toThrow(JavaException);
    expect(() => jacksonConvert({ id: '2147483647' }, ZUUL_USER, '$')).not.toThrow();
    const answerWith = (user: Record<string, unknown>) => ({ responseInfo: null, user: [user] });
    expect(() => parseUserDates(answerWith({ createdDate: 1705312800000 }), 'yyyy-MM-dd')).toThrow(
      /ClassCastException/,
    );
    expect(() => parseUserDates(answerWith({ createdDate: null }), 'yyyy-MM-dd')).toThrow(/NullPointerException/);
    expect(() => parseUserDates(answerWith({ createdDate: '2024-01-15T10:00:00Z' }), 'yyyy-MM-dd')).toThrow(
      /ParseException/,
    );
    expect(() =>
      parseUserDates(answerWith({ createdDate: '15-01-2024 10:00:00', dob: '15/08/1990' }), 'yyyy-MM-dd'),
    ).toThrow(/ParseException/);
    expect(
      parseUserDates(answerWith({ createdDate: '15-01-2024 10:00:00', dob: '1990-08-15' }), 'yyyy-MM-dd').user,
    ).toEqual([{ createdDate: 1705312800000, dob: Date.UTC(1990, 7, 15) }]);
  });
});

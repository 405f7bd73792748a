import { newMobile, unique } from './support/egov-client';
import {
  hrmsEmployeeSearch,
  hrmsInternalUserCreate,
  hrmsInternalUserSearch,
  hrmsUser,
  internalMicroserviceUserInfo,
  javaRequestInfo,
  moduleRequestInfo,
} from './support/digit/client-requests';
import type { Json } from './support/digit/digit-deployment';
import { DigitDeployment, EGOV_AUTH_MODES } from './support/digit/digit-deployment';
import type { Employee } from './support/digit/digit-fixtures';
import {
  employeeWithRoles,
  expectJavaId,
  expectOk,
  expectSuccessEnvelope,
  expectTimestampBetween,
} from './support/digit/digit-fixtures';
import { HRMS_USER, HRMS_USER_RESPONSE, readUsersAs } from './support/digit/java-readers';

/**
 * business-services/egov-hrms calling Roster as it calls egov-user (docs/egov.md, "What DIGIT's clients send and read"):
 * UserService.initalizeSystemuser (start-up), EmployeeService.createUser / updateUser / search through
 * UserService.createUser, updateUser, getUser; answers read by UserService.userCall → parseResponse →
 * objectMapper.convertValue(UserResponse.class) (case-sensitive). Deployed paths start with `//`.
 */
describe.each(EGOV_AUTH_MODES)('egov-hrms, ROSTER_EGOV_AUTH=%s', (auth) => {
  let digit: DigitDeployment;
  let hrmsAdmin: Employee;
  let internalUserUuid: string;
  const code = `EMP-107-${unique()}`;
  const mobileNumber = newMobile();
  const dob = 631152000000; // 01-01-1990 00:00:00 UTC, a Java Long
  let employee: Json; // as hrms holds it after reading the create answer
  let createdAt: number;

  beforeAll(async () => {
    digit = await DigitDeployment.start(auth);
    hrmsAdmin = await employeeWithRoles(digit, ['HRMS_ADMIN', 'EMPLOYEE'], 'Hrms Admin');
  });
  afterAll(() => digit?.stop());

  /** EmployeeService.search's user lookups, with the HRMS admin's forwarded RequestInfo. */
  const employeeSearch = async (criteria: Json): Promise<Json[]> => {
    const requestInfo = await digit.forwardedRequestInfo(
      hrmsAdmin.token,
      javaRequestInfo(moduleRequestInfo('_search')),
    );
    const answer = await digit.service('//user/v1/_search', hrmsEmployeeSearch(requestInfo, criteria));
    expectOk(answer);
    // userCall: dob read as yyyy-MM-dd for the search endpoint.
    return readUsersAs(answer.body, HRMS_USER_RESPONSE, 'yyyy-MM-dd', false).user;
  };

  // --- start-up: initalizeSystemuser ---

  const startUpSearch = () => digit.service('//user/v1/_search', hrmsInternalUserSearch(javaRequestInfo()));

  it('start-up search: all-null RequestInfo, tenantId pb, roleCodes [INTERNAL_MICROSERVICE_ROLE] → user: [] on a fresh deployment', async () => {
    const answer = await startUpSearch();
    expectOk(answer);
    // (List) responseMap.get("user"): the exact key, a list.
    expect(answer.body.user).toEqual([]);
  });

  it('creates the internal user: lower-case `user`, id 0, no password, no dob, no active → user[0].uuid', async () => {
    const started = Date.now();
    const answer = await digit.service('//user/users/_createnovalidate', hrmsInternalUserCreate(javaRequestInfo()));
    const [created] = expectSuccessEnvelope(answer);
    expect(created.uuid).toEqual(expect.any(String));
    expect(created).toMatchObject({
      userName: 'INTERNAL_USER',
      type: 'SYSTEM',
      tenantId: 'pb',
      pwdExpiryDate: null,
      dob: null,
    });
    expectJavaId(created.id);
    expect(created.id).not.toBe(0);
    expectTimestampBetween(created.createdDate, started, Date.now());
    internalUserUuid = created.uuid;
  });

  it('the next start-up search finds it: users.get(0).get("uuid")', async () => {
    const answer = await startUpSearch();
    expectOk(answer);
    expect(answer.body.user).toHaveLength(1);
    expect(answer.body.user[0].uuid).toBe(internalUserUuid);
    expect(answer.body.user[0].roles).toEqual([
      { code: 'INTERNAL_MICROSERVICE_ROLE', name: 'Internal Microservice Role', tenantId: 'pb' },
    ]);
  });

  // --- employees ---

  it('employee create: RequestInfo + User (capital U), dob an epoch-ms Long, roles without id → id, uuid, dob dd/MM/yyyy', async () => {
    const requestInfo = await digit.forwardedRequestInfo(
      hrmsAdmin.token,
      javaRequestInfo(moduleRequestInfo('_create')),
    );
    createdAt = Date.now();
    const answer = await digit.service('//user/users/_createnovalidate', {
      RequestInfo: requestInfo,
      User: hrmsUser({
        userName: code,
        password: 'Hrms@2024xY',
        name: 'John Mathew',
        gender: 'MALE',
        mobileNumber,
        correspondenceAddress: 'House 12, Ward 4, Amritsar',
        active: true,
        dob,
        type: 'EMPLOYEE',
        roles: [
          { name: 'Employee', code: 'EMPLOYEE', description: null, tenantId: 'pb.amritsar' },
          { name: 'Grievance Routing Officer', code: 'GRO', description: null, tenantId: 'pb.amritsar' },
        ],
        fatherOrHusbandName: 'Mathew Joseph',
        relationship: 'FATHER',
        tenantId: 'pb.amritsar',
      }),
    });
    const [raw] = expectSuccessEnvelope(answer);
    expect(raw.dob).toBe('01/01/1990');
    expectTimestampBetween(raw.createdDate, createdAt, Date.now());
    expect(raw.password ?? null).toBeNull();

    // UserService.createUser: dob read as dd/MM/yyyy for the create endpoint; then user[0].id and .uuid.
    const [read] = readUsersAs(answer.body, HRMS_USER_RESPONSE, 'dd/MM/yyyy', false).user;
    expectJavaId(read.id);
    expect(read).toMatchObject({
      uuid: expect.any(String),
      userName: code,
      name: 'John Mathew',
      gender: 'MALE',
      mobileNumber,
      correspondenceAddress: 'House 12, Ward 4, Amritsar',
      fatherOrHusbandName: 'Mathew Joseph',
      relationship: 'FATHER',
      active: true,
      dob,
      type: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      accountLocked: false,
      createdBy: String(hrmsAdmin.id),
      lastModifiedBy: String(hrmsAdmin.id),
    });
    expect(read.pwdExpiryDate).toBeGreaterThan(Date.now());
    expect(read.roles.map((role: Json) => `${role.code}@${role.tenantId}`).sort()).toEqual([
      'EMPLOYEE@pb.amritsar',
      'GRO@pb.amritsar',
    ]);
    employee = read;
  });

  it('the new employee logs in with its code (userName) and the password hrms generated', async () => {
    const login = expectOk(
      await digit.uiLogin({ username: code, password: 'Hrms@2024xY', userType: 'EMPLOYEE', tenantId: 'pb.amritsar' }),
    );
    expect(login.UserRequest).toMatchObject({ uuid: employee.uuid, id: employee.id });
  });

  it('employee search by uuid (enrichment: userType EMPLOYEE and uuid only, no tenantId) → dob yyyy-MM-dd, every date parsed', async () => {
    const found = await employeeSearch({ uuid: [employee.uuid] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: employee.id,
      uuid: employee.uuid,
      dob,
      userName: code,
      createdDate: employee.createdDate,
    });
    expect(found[0].lastModifiedDate).toBeGreaterThanOrEqual(found[0].createdDate);
  });

  it('employee search by phone (tenantId + mobileNumber), also with tenantId null as hrms may send it', async () => {
    expect((await employeeSearch({ tenantId: 'pb.amritsar', mobileNumber })).map((user) => user.uuid)).toEqual([
      employee.uuid,
    ]);
    expect((await employeeSearch({ tenantId: null, mobileNumber })).map((user) => user.uuid)).toEqual([employee.uuid]);
  });

  it('employee search by roles (tenantId + roleCodes) and by name (tenantId + name)', async () => {
    expect((await employeeSearch({ tenantId: 'pb.amritsar', roleCodes: ['GRO'] })).map((user) => user.uuid)).toEqual([
      employee.uuid,
    ]);
    const byRole = (await employeeSearch({ tenantId: 'pb.amritsar', roleCodes: ['EMPLOYEE'] })).map(
      (user) => user.uuid,
    );
    expect(byRole).toEqual(expect.arrayContaining([employee.uuid, hrmsAdmin.uuid]));
    expect((await employeeSearch({ tenantId: 'pb.amritsar', name: 'John Mathew' })).map((user) => user.uuid)).toEqual([
      employee.uuid,
    ]);
  });

  it('employee update via _updatenovalidate, sending back what search returned (dates as Long, createdBy a numeric string) → dob yyyy-MM-dd', async () => {
    const [searched] = await employeeSearch({ uuid: [employee.uuid] });
    // EmployeeService.update: the UI sends back the employee as hrms answered it; enrichUser sets userName and active.
    const user: Json = Object.fromEntries(
      Object.keys(HRMS_USER.fields).map((field) => [field, searched[field] ?? null]),
    );
    expect(typeof user.createdBy).toBe('string');
    expect(typeof user.createdDate).toBe('number');
    Object.assign(user, {
      userName: code,
      active: true,
      name: 'John M Mathew',
      roles: [
        ...user.roles,
        { name: 'Customer Support Representative', code: 'CSR', description: null, tenantId: 'pb.amritsar' },
      ],
    });
    const before = Date.now();
    const requestInfo = await digit.forwardedRequestInfo(
      hrmsAdmin.token,
      javaRequestInfo(moduleRequestInfo('_update')),
    );
    const answer = await digit.service('//user/users/_updatenovalidate', { RequestInfo: requestInfo, User: user });
    const [raw] = expectSuccessEnvelope(answer);
    expect(raw.dob).toBe('1990-01-01');
    expectTimestampBetween(raw.lastModifiedDate, before, Date.now());

    // UserService.updateUser: dob read as yyyy-MM-dd for the update endpoint.
    const [read] = readUsersAs(answer.body, HRMS_USER_RESPONSE, 'yyyy-MM-dd', false).user;
    expect(read).toMatchObject({
      id: employee.id,
      uuid: employee.uuid,
      name: 'John M Mathew',
      dob,
      gender: 'MALE',
      mobileNumber,
      relationship: 'FATHER',
      createdDate: employee.createdDate,
      createdBy: String(hrmsAdmin.id),
      lastModifiedBy: String(hrmsAdmin.id),
      active: true,
    });
    expect(read.roles.map((role: Json) => role.code).sort()).toEqual(['CSR', 'EMPLOYEE', 'GRO']);
    expect((await employeeSearch({ uuid: [employee.uuid] }))[0]).toMatchObject({ name: 'John M Mathew', dob });
  });

  it('deactivating through _updatenovalidate (active false): v1/_search, which has no active default, still finds the employee', async () => {
    const [searched] = await employeeSearch({ uuid: [employee.uuid] });
    const user: Json = Object.fromEntries(
      Object.keys(HRMS_USER.fields).map((field) => [field, searched[field] ?? null]),
    );
    const requestInfo = await digit.forwardedRequestInfo(
      hrmsAdmin.token,
      javaRequestInfo(moduleRequestInfo('_update')),
    );
    const [raw] = expectSuccessEnvelope(
      await digit.service('//user/users/_updatenovalidate', {
        RequestInfo: requestInfo,
        User: { ...user, active: false },
      }),
    );
    expect(raw.active).toBe(false);
    expect((await employeeSearch({ uuid: [employee.uuid] }))[0].active).toBe(false);
  });

  it('with decryption.abac.enable=true hrms swaps userInfo for the internal user (tenantId null) on the uuid-only search', async () => {
    const requestInfo = await digit.forwardedRequestInfo(
      hrmsAdmin.token,
      javaRequestInfo(moduleRequestInfo('_search')),
    );
    requestInfo.userInfo = internalMicroserviceUserInfo('pb', internalUserUuid);
    const answer = await digit.service('//user/v1/_search', hrmsEmployeeSearch(requestInfo, { uuid: [employee.uuid] }));
    // token: the forwarded authToken names the caller (userInfo is not read). gateway: a caller without a tenant
    // asking by uuid is answered within the tenants of the users asked for.
    expect(
      readUsersAs(expectOk(answer), HRMS_USER_RESPONSE, 'yyyy-MM-dd', false).user.map((user) => user.uuid),
    ).toEqual([employee.uuid]);
  });
});

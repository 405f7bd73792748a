import { newMobile } from './support/egov-client';
import {
  internalMicroserviceUserInfo,
  javaRequestInfo,
  javaRequestInfoV1,
  moduleRequestInfo,
  pgrNewCitizen,
  pgrUserSearchRequest,
} from './support/digit/client-requests';
import type { Json } from './support/digit/digit-deployment';
import { DigitDeployment, EGOV_AUTH_MODES } from './support/digit/digit-deployment';
import type { Employee } from './support/digit/digit-fixtures';
import {
  createAsAdmin,
  employeeWithRoles,
  expectJavaId,
  expectOk,
  expectSuccessEnvelope,
  expectTimestampBetween,
  registeredCitizen,
} from './support/digit/digit-fixtures';
import { PGR_USER, PGR_USER_DETAIL_RESPONSE, readUsersAs } from './support/digit/java-readers';

/**
 * municipal-services/pgr-services calling Roster as it calls egov-user (docs/egov.md, "What DIGIT's clients send and read"):
 * UserService.searchUser / searchBulkUser / enrichUserIds / createUser / updateUser and NotificationService's
 * map-based searches; answers read by UserUtils.userCall → parseResponse (a ParseException is
 * INVALID_DATE_FORMAT) → PGRApp.objectMapper (case-insensitive) into UserDetailResponse. Paths as deployed:
 * `//user/_search`, `//user/users/_createnovalidate`, `//user/users/_updatenovalidate`.
 */
describe.each(EGOV_AUTH_MODES)('pgr-services, ROSTER_EGOV_AUTH=%s', (auth) => {
  let digit: DigitDeployment;
  let csr: Employee;
  const newCitizenMobile = newMobile();
  let newCitizenUuid: string;
  const knownMobile = newMobile();
  let known: Json;
  let other: Json;

  beforeAll(async () => {
    digit = await DigitDeployment.start(auth);
    csr = await employeeWithRoles(digit, ['CSR', 'EMPLOYEE'], 'Counter Staff');
    // A citizen with more than pgr's ten fields, so an update from pgr can be seen to keep the rest.
    known = await createAsAdmin(digit, {
      userName: knownMobile,
      name: 'Sunita Devi',
      mobileNumber: knownMobile,
      gender: 'FEMALE',
      dob: '15/08/1979',
      emailId: 'sunita@example.com',
      fatherOrHusbandName: 'Ram Lal',
      permanentAddress: 'Ward 7, Amritsar',
      type: 'CITIZEN',
      tenantId: 'pb',
      active: true,
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
    });
    const otherMobile = newMobile();
    other = await createAsAdmin(digit, {
      userName: otherMobile,
      name: 'Balwant Singh',
      mobileNumber: otherMobile,
      type: 'CITIZEN',
      tenantId: 'pb',
      active: true,
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
    });
  });
  afterAll(() => digit?.stop());

  /** userCall on the search endpoint: dob read as yyyy-MM-dd. */
  const searchAsPgr = async (body: Json) => {
    const answer = await digit.service('//user/_search', body);
    return {
      answer,
      read: answer.status === 200 ? readUsersAs(answer.body, PGR_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true).user : null,
    };
  };

  it('searchUser by userName (the upsert lookup): RequestInfo null, active true, CITIZEN, pageSize 0, sort [name], state tenant', async () => {
    const { answer, read } = await searchAsPgr(pgrUserSearchRequest({ userName: knownMobile, tenantId: 'pb' }));
    expectSuccessEnvelope(answer);
    expect(read).toHaveLength(1);
    expectJavaId(read![0].id);
    expect(read![0]).toEqual({
      id: known.id,
      userName: knownMobile,
      name: 'Sunita Devi',
      type: 'CITIZEN',
      mobileNumber: knownMobile,
      emailId: 'sunita@example.com',
      roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: 'pb' }],
      tenantId: 'pb',
      uuid: known.uuid,
      active: true,
    });
    // Everything else egov-user answers is ignored after the date conversion, which must not fail.
    expect(answer.body.user[0].dob).toBe('1979-08-15');
    expect(answer.body.user[0].pwdExpiryDate).toBeNull();
  });

  it('searchUser for an unknown number answers an empty list (pgr then creates the citizen)', async () => {
    const { answer, read } = await searchAsPgr(pgrUserSearchRequest({ userName: newCitizenMobile, tenantId: 'pb' }));
    expectOk(answer);
    expect(read).toEqual([]);
  });

  it("createUser: lower-case requestInfo + user with pgr's ten fields, no dob → user[0].uuid (dob read as dd/MM/yyyy)", async () => {
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(csr.token),
      javaRequestInfoV1(moduleRequestInfo('_create')),
    );
    const started = Date.now();
    const answer = await digit.service('//user/users/_createnovalidate', {
      requestInfo,
      user: pgrNewCitizen(newCitizenMobile, 'Ram Prakash'),
    });
    const [raw] = expectSuccessEnvelope(answer);
    expectTimestampBetween(raw.createdDate, started, Date.now());
    const [read] = readUsersAs(answer.body, PGR_USER_DETAIL_RESPONSE, 'dd/MM/yyyy', true).user;
    expect(read).toMatchObject({
      userName: newCitizenMobile,
      name: 'Ram Prakash',
      type: 'CITIZEN',
      tenantId: 'pb',
      active: true,
      uuid: expect.any(String),
    });
    expectJavaId(read.id);
    newCitizenUuid = read.uuid;
  });

  it('the created citizen is found by its number (the next upsert lookup)', async () => {
    const { read } = await searchAsPgr(pgrUserSearchRequest({ userName: newCitizenMobile, tenantId: 'pb' }));
    expect(read).toHaveLength(1);
    expect(read![0]).toMatchObject({ uuid: newCitizenUuid, name: 'Ram Prakash', mobileNumber: newCitizenMobile });
  });

  it('searchUser by uuid (enrichUser by accountId) with the state tenant', async () => {
    const { read } = await searchAsPgr(pgrUserSearchRequest({ uuid: [other.uuid], tenantId: 'pb' }));
    expect(read!.map((user) => user.uuid)).toEqual([other.uuid]);
  });

  it('enrichUserIds: search by mobileNumber with a city tenant (pb.amritsar) finds the state-level citizen', async () => {
    const { answer, read } = await searchAsPgr(
      pgrUserSearchRequest({ mobileNumber: knownMobile, tenantId: 'pb.amritsar' }),
    );
    expectOk(answer);
    expect(read!.map((user) => user.uuid)).toEqual([known.uuid]);
  });

  it('searchBulkUser: uuid only, no tenantId → the users, each within its own tenant', async () => {
    // ROSTER_EGOV_AUTH=token: the service token's tenant family (pb) bounds the search. gateway: RequestInfo null
    // names no caller, so Roster searches the tenants of the users asked for (it never searches every tenant).
    const { read } = await searchAsPgr(pgrUserSearchRequest({ uuid: [known.uuid, other.uuid] }));
    expect(read!.map((user) => user.uuid).sort()).toEqual([known.uuid, other.uuid].sort());
  });

  it('MigrationUtils.getIdtoUUIDMap: numeric ids (as strings) only, no tenantId', async () => {
    const answer = await digit.service(
      '//user/_search',
      pgrUserSearchRequest({ id: [String(known.id), String(other.id)], active: null, userType: null }),
    );
    if (auth === 'token') {
      expect(
        readUsersAs(expectOk(answer), PGR_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true)
          .user.map((user) => user.uuid)
          .sort(),
      ).toEqual([known.uuid, other.uuid].sort());
    } else {
      // Roster never searches every tenant: with no caller (RequestInfo null) and no tenant, a search that is not
      // by uuid is refused with 400 naming tenantId. egov-user searched every tenant; only pgr's one-off
      // migration utility sends this.
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain('tenantId');
    }
  });

  it('updateUser: the ten fields from search with a new name → answer parses (dob yyyy-MM-dd); gender, dob and the rest stay', async () => {
    const { read } = await searchAsPgr(pgrUserSearchRequest({ userName: knownMobile, tenantId: 'pb' }));
    const userFromSearch = { ...read![0], name: 'Sunita Rani', active: true };
    expect(Object.keys(userFromSearch)).toEqual(Object.keys(PGR_USER.fields));
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(csr.token),
      javaRequestInfoV1(moduleRequestInfo('_create')),
    );
    const answer = await digit.service('//user/users/_updatenovalidate', { requestInfo, user: userFromSearch });
    const [raw] = expectSuccessEnvelope(answer);
    const [updated] = readUsersAs(answer.body, PGR_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true).user;
    expect(updated).toMatchObject({ uuid: known.uuid, id: known.id, name: 'Sunita Rani', active: true });
    expect(raw).toMatchObject({
      gender: 'FEMALE',
      dob: '1979-08-15',
      fatherOrHusbandName: 'Ram Lal',
      permanentAddress: 'Ward 7, Amritsar',
      emailId: 'sunita@example.com',
    });

    const { answer: again } = await searchAsPgr(pgrUserSearchRequest({ uuid: [known.uuid], tenantId: 'pb' }));
    expect(again.body.user[0]).toMatchObject({
      name: 'Sunita Rani',
      gender: 'FEMALE',
      dob: '1979-08-15',
      fatherOrHusbandName: 'Ram Lal',
    });
  });

  it("updateUser when the citizen files for itself under a new name: the citizen's own RequestInfo is forwarded", async () => {
    const citizen = await registeredCitizen(digit, newMobile(), 'Pooja Kumari');
    const { read } = await searchAsPgr(
      pgrUserSearchRequest({ userName: citizen.UserRequest.userName, tenantId: 'pb' }),
    );
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(citizen.access_token),
      javaRequestInfoV1(moduleRequestInfo('_create')),
    );
    const answer = await digit.service('//user/users/_updatenovalidate', {
      requestInfo,
      user: { ...read![0], name: 'Pooja Rani', active: true },
    });
    expectSuccessEnvelope(answer);
    const [updated] = readUsersAs(answer.body, PGR_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true).user;
    expect(updated).toMatchObject({ uuid: citizen.UserRequest.uuid, name: 'Pooja Rani' });
  });

  it('NotificationService.fetchUserUUIDs: a HashMap body (incoming RequestInfo, city tenant, CITIZEN, userName) → $.user[0].uuid', async () => {
    const requestInfo = await digit.forwardedRequestInfo(csr.token, javaRequestInfoV1(moduleRequestInfo('_create')));
    const answer = await digit.service('//user/_search', {
      RequestInfo: requestInfo,
      tenantId: 'pb.amritsar',
      userType: 'CITIZEN',
      userName: knownMobile,
    });
    expect(expectOk(answer).user[0].uuid).toBe(known.uuid);
  });

  it('NotificationService.fetchUserByUUID: internal user as userInfo, city tenant, EMPLOYEE, uuid → the common User', async () => {
    const requestInfo = await digit.forwardedRequestInfo(csr.token, javaRequestInfo(moduleRequestInfo('_update')));
    requestInfo.userInfo = internalMicroserviceUserInfo('pb.amritsar', '4fef6612-07a8-4751-97e9-0e0ac0687ebe');
    const answer = await digit.service('//user/_search', {
      RequestInfo: requestInfo,
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
      uuid: [csr.uuid],
    });
    const [read] = readUsersAs(expectOk(answer), PGR_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true).user;
    expect(read).toMatchObject({
      uuid: csr.uuid,
      id: csr.id,
      userName: csr.userName,
      mobileNumber: csr.mobileNumber,
      type: 'EMPLOYEE',
    });
  });
});

import { newMobile } from './support/egov-client';
import {
  javaRequestInfo,
  moduleRequestInfo,
  ptBaseUserSearchRequest,
  ptOwnerInfo,
  ptUserSearchRequest,
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
import { PT_OWNER_INFO, PT_USER_DETAIL_RESPONSE, readUsersAs } from './support/digit/java-readers';

/**
 * municipal-services/property-services calling Roster as it calls egov-user (docs/egov.md, "What DIGIT's clients send and read"):
 * UserService.userExists / searchByUserName / createUser / updateExistingUser / createUserForAlternateNumber,
 * PropertyRepository's owner searches, NotificationUtil and UnmaskingUtil; answers read by userCall →
 * parseResponse → PropertyApplication.objectMapper (case-insensitive) into UserDetailResponse{user: OwnerInfo[]},
 * then setOwnerFields reads user[0].uuid, id, userName, active. Paths as deployed: `//user/_search`,
 * `//user/users//_createnovalidate`, `//user/users//_updatenovalidate`.
 */
describe.each(EGOV_AUTH_MODES)('property-services, ROSTER_EGOV_AUTH=%s', (auth) => {
  let digit: DigitDeployment;
  let counter: Employee;
  let citizen: Json;
  const ownerMobile = newMobile();
  let owner: Json;

  beforeAll(async () => {
    digit = await DigitDeployment.start(auth);
    counter = await employeeWithRoles(digit, ['EMPLOYEE'], 'Counter Employee');
    citizen = await registeredCitizen(digit, newMobile(), 'Property Holder');
    // An owner as property-services left one in egov-user: a CITIZEN with a UUID userName and details.
    owner = await createAsAdmin(digit, {
      userName: '2f1f6c2e-5a8d-4a53-9d7c-5b8f9e7a0c11',
      name: 'Gurpreet Kaur',
      mobileNumber: ownerMobile,
      gender: 'FEMALE',
      dob: '02/10/1965',
      fatherOrHusbandName: 'Harbhajan Singh',
      relationship: 'HUSBAND',
      correspondenceAddress: 'Plot 4, Ranjit Avenue',
      bloodGroup: 'O+',
      type: 'CITIZEN',
      tenantId: 'pb',
      active: true,
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
    });
  });
  afterAll(() => digit?.stop());

  /** getBaseUserSearchRequest(tenantId, requestInfo) with the counter employee's forwarded RequestInfo, then `fields`. */
  const baseSearch = async (tenantId: string, fields: Json): Promise<Json> =>
    ptBaseUserSearchRequest(
      tenantId,
      await digit.forwardedRequestInfo(counter.token, javaRequestInfo(moduleRequestInfo('_search'))),
      fields,
    );

  const searchAsPt = async (body: Json) => {
    const answer = await digit.service('//user/_search', body);
    expectOk(answer);
    return { answer, owners: readUsersAs(answer.body, PT_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true).user };
  };

  /** OwnerInfo as Jackson writes it (nulls included) after addUserDefaultFields(property tenant, role, owner). */
  const ownerInfo = (fields: Json): Json =>
    ptOwnerInfo({
      active: true,
      type: 'CITIZEN',
      roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: null }],
      tenantId: 'pb.amritsar',
      ownerType: 'NONE',
      status: 'ACTIVE',
      documents: [
        {
          id: null,
          documentType: 'OWNER.IDENTITYPROOF.AADHAAR',
          fileStoreId: '8a1d0b0e-0c6a-4f34-9e7e-3f1b4a9b6d21',
          documentUid: 'AADHAAR-1',
          auditDetails: null,
          status: 'ACTIVE',
        },
      ],
      relationship: 'FATHER',
      ...fields,
    });

  it('userExists: base search (incoming RequestInfo, CITIZEN, active, city tenant) + mobileNumber + name, sort [name], pageSize 0', async () => {
    const { owners } = await searchAsPt(
      await baseSearch('pb.amritsar', { mobileNumber: ownerMobile, name: 'Gurpreet Kaur' }),
    );
    expect(owners).toHaveLength(1);
    const [found] = owners;
    expectJavaId(found.id);
    expect(found).toMatchObject({
      id: owner.id,
      uuid: owner.uuid,
      userName: owner.userName,
      name: 'Gurpreet Kaur',
      mobileNumber: ownerMobile,
      gender: 'FEMALE',
      dob: Date.UTC(1965, 9, 2),
      fatherOrHusbandName: 'Harbhajan Singh',
      relationship: 'HUSBAND',
      correspondenceAddress: 'Plot 4, Ranjit Avenue',
      active: true,
      type: 'CITIZEN',
      tenantId: 'pb',
      accountLocked: false,
      roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: 'pb' }],
    });
    expect(typeof found.createdDate).toBe('number');
    expect(found.createdBy).toEqual(expect.stringMatching(/^\d+$/));
  });

  it('enrichCriteriaFromUser: `uuid: []` means no uuid filter', async () => {
    const { owners } = await searchAsPt(
      await baseSearch('pb.amritsar', { mobileNumber: ownerMobile, name: 'Gurpreet Kaur', uuid: [] }),
    );
    expect(owners.map((found) => found.uuid)).toEqual([owner.uuid]);
  });

  it('property search enrichment: base search + the Set of owner uuids, city tenant', async () => {
    const { owners } = await searchAsPt(
      await baseSearch('pb.amritsar', { uuid: [owner.uuid, citizen.UserRequest.uuid] }),
    );
    expect(owners.map((found) => found.uuid).sort()).toEqual([owner.uuid, citizen.UserRequest.uuid].sort());
  });

  it('searchByUserName: new UserSearchRequest() — RequestInfo null, CITIZEN, userName, state tenant, active null', async () => {
    const { owners } = await searchAsPt(
      ptUserSearchRequest({ userType: 'CITIZEN', userName: owner.userName, tenantId: 'pb' }),
    );
    expect(owners.map((found) => found.uuid)).toEqual([owner.uuid]);
  });

  it('UnmaskingUtil: uuid search whose RequestInfo carries plainAccessRequest', async () => {
    const body = await baseSearch('pb.amritsar', { uuid: [owner.uuid] });
    body.RequestInfo.plainAccessRequest = {
      recordId: owner.uuid,
      plainRequestFields: [
        'mobileNumber',
        'guardian',
        'fatherOrHusbandName',
        'correspondenceAddress',
        'userName',
        'name',
        'gender',
      ],
    };
    const { owners } = await searchAsPt(body);
    expect(owners[0]).toMatchObject({
      uuid: owner.uuid,
      mobileNumber: ownerMobile,
      fatherOrHusbandName: 'Harbhajan Singh',
    });
  });

  it('NotificationUtil.fetchUserByUUID: base search + userName, userInfo swapped for the internal user', async () => {
    const body = await baseSearch('pb.amritsar', { userName: owner.userName });
    body.RequestInfo.userInfo = {
      id: 0,
      type: 'SYSTEM',
      uuid: '4fef6612-07a8-4751-97e9-0e0ac0687ebe',
      roles: [{ name: 'Internal Microservice Role', code: 'INTERNAL_MICROSERVICE_ROLE', tenantId: 'pb.amritsar' }],
    };
    const { owners } = await searchAsPt(body);
    expect(owners.map((found) => found.uuid)).toEqual([owner.uuid]);
  });

  it('createUser: requestInfo + user (OwnerInfo, UUID userName, role tenantId null, extra OwnerInfo fields) on //user/users//_createnovalidate', async () => {
    const mobileNumber = newMobile();
    const userName = '6c1e8f3a-2b7d-4c59-8e0f-1a2b3c4d5e6f';
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(citizen.access_token),
      javaRequestInfo(moduleRequestInfo('_create')),
    );
    const started = Date.now();
    const answer = await digit.service('//user/users//_createnovalidate', {
      requestInfo,
      user: ownerInfo({
        userName,
        name: 'Jaswant Singh',
        mobileNumber,
        gender: 'MALE',
        fatherOrHusbandName: 'Kartar Singh',
        dob: Date.UTC(1970, 4, 20),
      }),
    });
    const [raw] = expectSuccessEnvelope(answer);
    expectTimestampBetween(raw.createdDate, started, Date.now());
    // Empty response → INVALID USER RESPONSE; then setOwnerFields reads uuid, id, userName, active.
    const [created] = readUsersAs(answer.body, PT_USER_DETAIL_RESPONSE, 'dd/MM/yyyy', true).user;
    expectJavaId(created.id);
    expect(created).toMatchObject({
      uuid: expect.any(String),
      userName,
      active: true,
      name: 'Jaswant Singh',
      mobileNumber,
      dob: Date.UTC(1970, 4, 20),
      type: 'CITIZEN',
      roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: 'pb' }],
    });
    expect(raw.dob).toBe('20/05/1970');
  });

  it("createUser: an owner sharing a family member's number gets a UUID userName and is created (ROSTER_MOBILE_NUMBER_UNIQUENESS=sign-in)", async () => {
    // The family's phone is a registered citizen's sign-in number; userExists found no citizen of this number with
    // this name, so property-services creates the owner under a random userName, as egov-user allowed.
    const familyPhone = citizen.UserRequest.mobileNumber;
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(citizen.access_token),
      javaRequestInfo(moduleRequestInfo('_create')),
    );
    const answer = await digit.service('//user/users//_createnovalidate', {
      requestInfo,
      user: ownerInfo({
        userName: '9a0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4',
        name: 'Manjit Kaur',
        mobileNumber: familyPhone,
        gender: 'FEMALE',
      }),
    });
    const [created] = readUsersAs(answer.body, PT_USER_DETAIL_RESPONSE, 'dd/MM/yyyy', true).user;
    expect(created).toMatchObject({ name: 'Manjit Kaur', mobileNumber: familyPhone, type: 'CITIZEN' });
    expect(created.uuid).not.toBe(citizen.UserRequest.uuid);
    // The citizen who signs in with the number still does, and keeps it: registering it again is refused.
    const sendOtp = (type: string) =>
      digit.browser('/user-otp/v1/_send?tenantId=pb', {
        otp: { mobileNumber: familyPhone, tenantId: 'pb', type, userType: 'citizen' },
      });
    expect((await sendOtp('login')).status).toBe(201);
    const again = await sendOtp('register');
    expect(again.body.error.fields[0].code).toBe('OTP.MOBILENUMBER');
  });

  it('updateExistingUser: the searched OwnerInfo, defaults re-applied, on //user/users//_updatenovalidate → dob yyyy-MM-dd', async () => {
    const { owners } = await searchAsPt(await baseSearch('pb.amritsar', { uuid: [owner.uuid] }));
    const fromSearch = owners[0];
    const user = ownerInfo({
      ...Object.fromEntries(Object.keys(PT_OWNER_INFO.fields).map((field) => [field, fromSearch[field] ?? null])),
      // addUserDefaultFields again, and the change made on the property.
      active: true,
      tenantId: 'pb.amritsar',
      type: 'CITIZEN',
      roles: [{ id: null, name: 'Citizen', code: 'CITIZEN', tenantId: null }],
      createdBy: null,
      createdDate: null,
      lastModifiedBy: null,
      lastModifiedDate: null,
      name: 'Gurpreet Kaur Sandhu',
      ownerType: 'NONE',
      status: 'ACTIVE',
      documents: [],
    });
    expect(typeof user.dob).toBe('number');
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(citizen.access_token),
      javaRequestInfo(moduleRequestInfo('_update')),
    );
    const answer = await digit.service('//user/users//_updatenovalidate', { requestInfo, user });
    const [raw] = expectSuccessEnvelope(answer);
    expect(raw.dob).toBe('1965-10-02');
    const [updated] = readUsersAs(answer.body, PT_USER_DETAIL_RESPONSE, 'yyyy-MM-dd', true).user;
    expect(updated).toMatchObject({
      uuid: owner.uuid,
      id: owner.id,
      userName: owner.userName,
      active: true,
      name: 'Gurpreet Kaur Sandhu',
      dob: Date.UTC(1965, 9, 2),
    });
    expect(updated).toMatchObject({
      gender: 'FEMALE',
      fatherOrHusbandName: 'Harbhajan Singh',
      relationship: 'HUSBAND',
      bloodGroup: 'O+',
    });
  });

  /** createUserForAlternateNumber's body: a fresh OwnerInfo with uuid, name, mobileNumber, alternatemobilenumber, the defaults and the id. */
  const alternateNumberUpdate = async (alternate: string) => {
    const { owners } = await searchAsPt(await baseSearch('pb.amritsar', { uuid: [owner.uuid] }));
    const user = ownerInfo({
      id: owners[0].id,
      uuid: owner.uuid,
      name: owners[0].name,
      mobileNumber: ownerMobile,
      alternatemobilenumber: alternate,
      ownerType: null,
      status: null,
      documents: null,
      relationship: null,
    });
    const requestInfo = await digit.forwardedRequestInfo(
      digit.writerToken(citizen.access_token),
      javaRequestInfo(moduleRequestInfo('_update')),
    );
    return expectSuccessEnvelope(await digit.service('//user/users//_updatenovalidate', { requestInfo, user }))[0];
  };

  it('createUserForAlternateNumber: the alternatemobilenumber sent is stored and answered', async () => {
    const alternate = newMobile();
    expect((await alternateNumberUpdate(alternate)).alternatemobilenumber).toBe(alternate);
    const { answer, owners } = await searchAsPt(await baseSearch('pb.amritsar', { uuid: [owner.uuid] }));
    expect(answer.body.user[0].alternatemobilenumber).toBe(alternate);
    expect(owners[0].alternatemobilenumber).toBe(alternate);
  });

  it("createUserForAlternateNumber: dob and bloodGroup sent as null keep their stored values, as egov-user's update keeps them", async () => {
    const raw = await alternateNumberUpdate(newMobile());
    expect(raw).toMatchObject({ uuid: owner.uuid, dob: '1965-10-02', bloodGroup: 'O+' });
    const { answer } = await searchAsPt(await baseSearch('pb.amritsar', { uuid: [owner.uuid] }));
    expect(answer.body.user[0]).toMatchObject({ dob: '1965-10-02', bloodGroup: 'O+' });
  });
});

import { newMobile, PASSWORDS } from './support/egov-client';
import { uiRequestInfo } from './support/digit/client-requests';
import type { Json } from './support/digit/digit-deployment';
import { DigitDeployment, EGOV_AUTH_MODES } from './support/digit/digit-deployment';
import type { Employee } from './support/digit/digit-fixtures';
import { employeeWithRoles, expectJavaId, expectOk } from './support/digit/digit-fixtures';

/**
 * The DIGIT UI (DIGIT-OSS frontend/micro-ui, libraries/src/services/elements/User/index.js and the core
 * module's login, profile and password pages) calling Roster as it calls egov-user and user-otp, through
 * zuul in `gateway` mode. Every body is the one the UI builds; each check is
 * a field the UI reads.
 */
describe.each(EGOV_AUTH_MODES)('DIGIT UI, ROSTER_EGOV_AUTH=%s', (auth) => {
  let digit: DigitDeployment;
  const mobileNumber = newMobile();
  let citizen: Json; // the token body of the last citizen login
  let employee: Employee;

  beforeAll(async () => {
    digit = await DigitDeployment.start(auth);
    employee = await employeeWithRoles(digit, ['EMPLOYEE', 'PGR_LME'], 'Neha Arora');
  });
  afterAll(() => digit?.stop());

  const ts = () => Date.now();

  /** sendOtp(details, stateCode): POST /user-otp/v1/_send?tenantId=<stateCode>&_=<ts>, RequestInfo without a token. */
  const sendOtp = (otp: Json, stateCode: string) =>
    digit.browser(`/user-otp/v1/_send?tenantId=${stateCode}&_=${ts()}`, { otp, RequestInfo: uiRequestInfo() });

  /** What the UI destructures from a token answer: `{ResponseInfo, UserRequest: info, ...tokens}`, and the checks it relies on. */
  const expectUiTokenBody = (body: Json, user: Json): void => {
    expect(Object.keys(body).sort()).toEqual(
      ['ResponseInfo', 'UserRequest', 'access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'].sort(),
    );
    expect(body).toMatchObject({
      access_token: expect.any(String),
      token_type: 'bearer',
      refresh_token: expect.any(String),
      expires_in: expect.any(Number),
      scope: 'read',
    });
    expect(body.ResponseInfo).toEqual({
      api_id: '',
      ver: '',
      ts: '',
      res_msg_id: '',
      msg_id: '',
      status: 'Access Token generated successfully',
    });
    expect(Object.keys(body.UserRequest).sort()).toEqual(
      [
        'id',
        'uuid',
        'userName',
        'name',
        'mobileNumber',
        'emailId',
        'locale',
        'type',
        'roles',
        'active',
        'tenantId',
        'permanentCity',
      ].sort(),
    );
    expectJavaId(body.UserRequest.id);
    expect(body.UserRequest).toMatchObject({ uuid: expect.any(String), active: true, ...user });
    for (const role of body.UserRequest.roles)
      expect(role).toEqual({ code: expect.any(String), name: expect.any(String), tenantId: expect.any(String) });
  };

  // --- citizen (modules/core/src/pages/citizen/Login) ---

  it('register OTP: {otp:{mobileNumber, tenantId:"pb", userType:"citizen", name, type:"register"}} → 201, isSuccessful', async () => {
    const answer = await sendOtp(
      { mobileNumber, tenantId: 'pb', userType: 'citizen', name: 'Simran Kaur', type: 'register' },
      'pb',
    );
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 201,
      body: { responseInfo: null, isSuccessful: true },
    });
  });

  it('registerUser: {"User":{name, username:<mobile>, otpReference, tenantId:"pb"}} → the token body (login on registration)', async () => {
    const otpReference = await digit.otps.next(mobileNumber);
    const answer = await digit.browser(`/user/citizen/_create?tenantId=pb&_=${ts()}`, {
      User: { name: 'Simran Kaur', username: mobileNumber, otpReference, tenantId: 'pb' },
      RequestInfo: uiRequestInfo(),
    });
    const body = expectOk(answer);
    expectUiTokenBody(body, {
      userName: mobileNumber,
      name: 'Simran Kaur',
      mobileNumber,
      type: 'CITIZEN',
      tenantId: 'pb',
      permanentCity: null,
      emailId: null,
    });
    expect(body.UserRequest.roles).toEqual([{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }]);
    citizen = body;
  });

  it("a register OTP for the now registered number: user-otp's OTP.MOBILENUMBER error", async () => {
    const again = await sendOtp({ mobileNumber, tenantId: 'pb', userType: 'citizen', type: 'register' }, 'pb');
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      responseInfo: null,
      error: { code: 400, fields: [{ code: 'OTP.MOBILENUMBER', field: 'otp.mobileNumber' }] },
    });
  });

  it('login: a login OTP, then the form username=<mobile>&password=<otp>&tenantId=pb&userType=citizen&scope=read&grant_type=password', async () => {
    const sent = await sendOtp({ mobileNumber, tenantId: 'pb', userType: 'citizen', type: 'login' }, 'pb');
    expect({ status: sent.status, body: sent.body }).toEqual({
      status: 201,
      body: { responseInfo: null, isSuccessful: true },
    });
    const otp = await digit.otps.next(mobileNumber);
    const body = expectOk(
      await digit.uiLogin({ username: mobileNumber, password: otp, tenantId: 'pb', userType: 'citizen' }),
    );
    expectUiTokenBody(body, {
      uuid: citizen.UserRequest.uuid,
      id: citizen.UserRequest.id,
      userName: mobileNumber,
      type: 'CITIZEN',
      tenantId: 'pb',
    });
    citizen = body;
  });

  it('a login OTP for an unknown number: user-otp\'s error {"responseInfo":null,"error":{code:400,…,fields:[OTP.UNKNOWN_CREDENTIAL]}}', async () => {
    const answer = await sendOtp(
      { mobileNumber: newMobile(), tenantId: 'pb', userType: 'citizen', type: 'login' },
      'pb',
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      responseInfo: null,
      error: {
        code: 400,
        message: expect.any(String),
        description: null,
        fields: [
          { code: 'OTP.UNKNOWN_CREDENTIAL', message: 'No such username or password', field: 'otp.mobileNumber' },
        ],
      },
    });
  });

  // --- citizen profile (modules/core/src/pages/citizen/Home/UserProfile.js) ---

  it('updateUser: {"user":{...token UserRequest, name, gender, emailId, photo, locale}} → responseInfo.status "200"', async () => {
    const info = citizen.UserRequest;
    const answer = await digit.browser(`/user/profile/_update?tenantId=pb&_=${ts()}`, {
      user: {
        ...info,
        name: 'Simran K Gill',
        gender: 'FEMALE',
        emailId: 'simran@example.com',
        photo: 'b7c1e0d2-6f0a-4c57-9a4e-2d1f8c3b5a90',
        locale: 'en_IN',
      },
      RequestInfo: uiRequestInfo(citizen.access_token),
    });
    const body = expectOk(answer);
    expect(body.responseInfo.status).toBe('200');
    // The UI copies these into its session info.
    expect(body.user[0]).toMatchObject({
      name: 'Simran K Gill',
      mobileNumber,
      emailId: 'simran@example.com',
      permanentCity: null,
    });
  });

  it('userSearch on mount: {tenantId, uuid:[…], pageSize:"100", RequestInfo with userInfo} → user[0].gender and .photo', async () => {
    const answer = await digit.browser(`/user/_search?_=${ts()}`, {
      tenantId: 'pb',
      uuid: [citizen.UserRequest.uuid],
      pageSize: '100',
      RequestInfo: {
        apiId: 'Rainmaker',
        authToken: citizen.access_token,
        userInfo: citizen.UserRequest,
        msgId: `${ts()}|en_IN`,
        plainAccessRequest: {},
      },
    });
    const body = expectOk(answer);
    expect(body.user).toHaveLength(1);
    expect(body.user[0]).toMatchObject({
      gender: 'FEMALE',
      photo: 'b7c1e0d2-6f0a-4c57-9a4e-2d1f8c3b5a90',
      name: 'Simran K Gill',
      locale: 'en_IN',
    });
    expect(body.user[0].photo.split(',')).toHaveLength(1);
  });

  it('updateUser with the e-mail emptied ("") and no photo (null) clears both', async () => {
    const answer = await digit.browser(`/user/profile/_update?tenantId=pb&_=${ts()}`, {
      user: {
        ...citizen.UserRequest,
        name: 'Simran K Gill',
        gender: 'FEMALE',
        emailId: '',
        photo: null,
        locale: 'en_IN',
      },
      RequestInfo: uiRequestInfo(citizen.access_token),
    });
    const body = expectOk(answer);
    expect(body.responseInfo.status).toBe('200');
    expect(body.user[0]).toMatchObject({ emailId: null, photo: null, gender: 'FEMALE' });
  });

  // --- employee (modules/core/src/pages/employee) ---

  it("employee login: username, password, userType=EMPLOYEE, tenantId=<city> → roles of UserRequest.tenantId, for the UI's role filter", async () => {
    const body = expectOk(
      await digit.uiLogin({
        username: employee.userName,
        password: employee.password,
        userType: 'EMPLOYEE',
        tenantId: 'pb.amritsar',
      }),
    );
    expectUiTokenBody(body, {
      uuid: employee.uuid,
      userName: employee.userName,
      type: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      emailId: employee.emailId,
    });
    const info = body.UserRequest;
    const visibleRoles = info.roles
      .filter((role: Json) => role.tenantId === info.tenantId)
      .map((role: Json) => role.code);
    expect(visibleRoles.sort()).toEqual(['EMPLOYEE', 'PGR_LME']);
    employee.token = body.access_token;
  });

  it("an employee's wrong password: the UI shows error_description", async () => {
    const answer = await digit.uiLogin({
      username: employee.userName,
      password: 'Wrong@Pass1',
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.error_description).toEqual(expect.any(String));
  });

  it('changePassword (logged in): {existingPassword, newPassword, tenantId, type, username, confirmPassword} → status "200"', async () => {
    const answer = await digit.browser(`/user/password/_update?tenantId=pb.amritsar&_=${ts()}`, {
      existingPassword: employee.password,
      newPassword: PASSWORDS.changed,
      tenantId: 'pb.amritsar',
      type: 'EMPLOYEE',
      username: employee.userName,
      confirmPassword: PASSWORDS.changed,
      RequestInfo: uiRequestInfo(employee.token),
    });
    expect(expectOk(answer).responseInfo.status).toBe('200');
    employee.password = PASSWORDS.changed;
    expectOk(
      await digit.uiLogin({
        username: employee.userName,
        password: PASSWORDS.changed,
        userType: 'EMPLOYEE',
        tenantId: 'pb.amritsar',
      }),
    );
  });

  it('a new password "abc": both INVALID_PWD_LENGTH and INVALID_PWD_PATTERN', async () => {
    const login = await digit.uiLogin({
      username: employee.userName,
      password: employee.password,
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
    });
    const token = expectOk(login).access_token;
    const answer = await digit.browser(`/user/password/_update?tenantId=pb.amritsar&_=${ts()}`, {
      existingPassword: employee.password,
      newPassword: 'abc',
      tenantId: 'pb.amritsar',
      type: 'EMPLOYEE',
      username: employee.userName,
      confirmPassword: 'abc',
      RequestInfo: uiRequestInfo(token),
    });
    expect(answer.status).toBe(400);
    const codes = answer.body.Errors.map((error: Json) => error.code);
    expect(codes).toEqual(expect.arrayContaining(['INVALID_PWD_LENGTH', 'INVALID_PWD_PATTERN']));
  });

  it("forgot password: a passwordreset OTP to the employee's number, then nologin/_update with its code as userName", async () => {
    const sent = await sendOtp(
      { mobileNumber: employee.mobileNumber, userType: 'EMPLOYEE', type: 'passwordreset', tenantId: 'pb.amritsar' },
      'pb.amritsar',
    );
    expect({ status: sent.status, body: sent.body }).toEqual({
      status: 201,
      body: { responseInfo: null, isSuccessful: true },
    });
    const otpReference = await digit.otps.next(employee.mobileNumber);
    const answer = await digit.browser(`/user/password/nologin/_update?tenantId=pb.amritsar&_=${ts()}`, {
      userName: employee.userName,
      newPassword: PASSWORDS.reset,
      confirmPassword: PASSWORDS.reset,
      otpReference,
      tenantId: 'pb.amritsar',
      type: 'EMPLOYEE',
      RequestInfo: { apiId: 'Rainmaker', authToken: null, msgId: `${ts()}|en_IN`, plainAccessRequest: {} },
    });
    expectOk(answer);
    const withNew = await digit.uiLogin({
      username: employee.userName,
      password: PASSWORDS.reset,
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
    });
    expectOk(withNew);
    const withOld = await digit.uiLogin({
      username: employee.userName,
      password: employee.password,
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
    });
    expect(withOld.status).toBeGreaterThanOrEqual(400);
    employee.password = PASSWORDS.reset;
    employee.token = withNew.body.access_token;
  });

  it('forgot password with a wrong code: refused, and the answer has what the UI shows (error.fields[0].message)', async () => {
    const answer = await digit.browser(`/user/password/nologin/_update?tenantId=pb.amritsar&_=${ts()}`, {
      userName: employee.userName,
      newPassword: 'An0ther@Pass',
      confirmPassword: 'An0ther@Pass',
      otpReference: '000000',
      tenantId: 'pb.amritsar',
      type: 'EMPLOYEE',
      RequestInfo: { apiId: 'Rainmaker', authToken: null, msgId: `${ts()}|en_IN`, plainAccessRequest: {} },
    });
    expect(answer.status).toBe(400);
    expectOk(
      await digit.uiLogin({
        username: employee.userName,
        password: employee.password,
        userType: 'EMPLOYEE',
        tenantId: 'pb.amritsar',
      }),
    );
    // changePassword.js: err?.response?.data?.error?.fields?.[0]?.message || t("ES_SOMETHING_WRONG"). egov-user
    // passed egov-otp's answer through: {"responseInfo":null,"error":{"code":400,"message":"OTP validation
    // unsuccessful",…,"fields":[{"code":"OTP.VALIDATION_UNSUCCESSFUL","message":"OTP validation unsuccessful","field":"otp.otp"}]}}.
    expect(answer.body?.error?.fields?.[0]?.message).toEqual(expect.any(String));
  });

  // --- logout ---

  it('logout {"access_token": …} with no RequestInfo → 200, a bare ResponseInfo "Logout successfully"; the token is dead', async () => {
    // No RequestInfo, so zuul has nothing to rewrite: the body reaches egov-user as sent.
    const answer = await digit.zuul.forwardUnchanged(
      `/user/_logout`,
      { access_token: citizen.access_token },
      auth === 'gateway',
    );
    const body = expectOk(answer);
    expect(body).toEqual({
      apiId: expect.any(String),
      ver: expect.any(String),
      ts: expect.any(Number),
      resMsgId: expect.any(String),
      msgId: expect.any(String),
      status: 'Logout successfully',
    });
    const details = await digit.zuul.details(citizen.access_token);
    expect(details.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(details.body)).toContain('InvalidAccessTokenException');

    // The next request with it: 401 (zuul's, or Roster's in token mode) with an Errors[].message naming
    // InvalidAccessTokenException, which the UI's axios interceptor answers by going to the login page.
    const next = await digit.browser(`/user/profile/_update?tenantId=pb&_=${ts()}`, {
      user: { ...citizen.UserRequest, locale: 'en_IN' },
      RequestInfo: uiRequestInfo(citizen.access_token),
    });
    expect(next.status).toBe(401);
    expect(next.body.Errors.some((error: Json) => error.message.includes('InvalidAccessTokenException'))).toBe(true);
  });

  it('logoutUser as the UI sends it: ?tenantId=<city>, the token in the body and in RequestInfo', async () => {
    const body = { access_token: employee.token, RequestInfo: uiRequestInfo(employee.token) };
    const answer = await digit.browser(`/user/_logout?tenantId=pb.amritsar&_=${ts()}`, body);
    expect(expectOk(answer).status).toBe('Logout successfully');
    expect((await digit.zuul.details(employee.token)).status).toBeGreaterThanOrEqual(400);
  });
});

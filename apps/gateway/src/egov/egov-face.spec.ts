import { Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigModule, loadConfig } from '@roster/config';
import { RequestRejectedError } from '@roster/domain';
import { EgovCaller, EgovTokenGrant, EgovUserApi, EgovUserRecord } from '@roster/user-service-contract';
import { createHttpApp } from '../http-app';
import { EGOV_CONTROLLERS } from './egov-face';

/**
 * The egov face over HTTP (Fastify inject) with a fake EgovUserApi: envelopes, field matching, validation
 * before anything reaches the port, error envelopes and statuses. The real use cases run in test/e2e.
 */

const TOKEN = 'access-token-1';
const CALLER: EgovCaller = {
  userId: 'caller-uuid',
  tenantId: 'pb',
  userType: 'EMPLOYEE',
  userName: 'EMP1',
  roles: [{ code: 'EMPLOYEE', tenantId: 'pb' }],
  permissions: ['user:*'],
  trusted: false,
};
const USER: EgovUserRecord = {
  uuid: '0b8f5b7e-3c39-4b9b-8a7e-2f1d0c9e8a11',
  numericId: 42,
  tenantId: 'pb',
  type: 'CITIZEN',
  userName: '9876543210',
  name: 'Asha Rani',
  profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210', dateOfBirth: '1990-01-31' },
  roles: [{ code: 'CITIZEN', name: 'Citizen', tenantId: 'pb' }],
  active: true,
  accountLocked: false,
  accountLockedUntil: null,
  passwordExpiresAt: null,
  createdBy: null,
  createdByNumericId: null,
  createdAt: '2025-12-01T00:00:00.000Z',
  lastModifiedBy: null,
  lastModifiedByNumericId: null,
  updatedAt: '2025-12-01T00:00:00.000Z',
};
const GRANT: EgovTokenGrant = {
  accessToken: TOKEN,
  refreshToken: 'refresh-1',
  expiresIn: 3600,
  scope: 'read',
  user: USER,
};
const PASSWORD = 'Citi2en@Pass';

function fakeEgovUserApi() {
  return {
    authenticate: jest.fn(async (token: string) => {
      if (token !== TOKEN)
        throw new RequestRejectedError(
          'unauthorized',
          'InvalidAccessTokenException',
          'The access token is invalid or expired',
        );
      return CALLER;
    }),
    sendOtp: jest.fn(async () => undefined),
    registerCitizen: jest.fn(async () => ({ user: USER, grant: GRANT })),
    createUsers: jest.fn(async (_caller: EgovCaller, inputs: unknown[]) => inputs.map(() => USER)),
    updateUser: jest.fn(async () => USER),
    searchUsers: jest.fn(async () => [USER]),
    changePassword: jest.fn(async () => undefined),
    resetPassword: jest.fn(async () => undefined),
    login: jest.fn(async () => GRANT),
    refresh: jest.fn(async () => GRANT),
    details: jest.fn(async () => USER),
    logout: jest.fn(async () => undefined),
  };
}

type Fake = ReturnType<typeof fakeEgovUserApi>;

describe('egov face over HTTP', () => {
  let app: NestFastifyApplication;
  let egov: Fake;

  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: 'error', ROSTER_BULK_CREATE_MAX: '3' });
    egov = fakeEgovUserApi();

    @Module({
      imports: [ConfigModule.forRoot(config)],
      controllers: EGOV_CONTROLLERS,
      providers: [{ provide: EgovUserApi, useValue: egov }],
    })
    class EgovTestModule {}

    app = await createHttpApp({ module: EgovTestModule }, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  beforeEach(() => jest.clearAllMocks());

  const requestInfo = (authToken?: string) => ({
    apiId: 'Rainmaker',
    ver: '.01',
    ts: 1700000000000,
    action: '_post',
    msgId: 'msg-1|en_IN',
    authToken,
  });

  async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
    const answer = await app.inject({ method: 'POST', url, payload: payload as object, headers });
    return { status: answer.statusCode, body: answer.json(), headers: answer.headers };
  }

  /** POSTs `body` with a RequestInfo carrying `token` (none: null). */
  const withInfo = (url: string, body: object, token: string | null = TOKEN) =>
    post(url, { RequestInfo: requestInfo(token ?? undefined), ...body });

  /** The egov error envelope with `status`; answers the codes and params of its errors. */
  function expectError(
    answer: { status: number; body: any },
    status: number,
  ): Array<{ code: string; params: string[] }> {
    expect({ status: answer.status, body: answer.body }).toMatchObject({
      status,
      body: { ResponseInfo: { status: 'failed' }, Errors: expect.any(Array) },
    });
    for (const error of answer.body.Errors)
      expect(error).toEqual({
        code: expect.any(String),
        message: expect.any(String),
        description: expect.any(String),
        params: expect.any(Array),
      });
    return answer.body.Errors.map(({ code, params }: { code: string; params: string[] }) => ({ code, params }));
  }

  const nothingCalled = () => {
    for (const method of Object.values(egov)) expect(method).not.toHaveBeenCalled();
  };

  describe('POST /user/citizen/_create', () => {
    const citizen = {
      name: 'Asha Rani',
      mobileNumber: '9876543210',
      tenantId: 'pb.amritsar',
      otpReference: '123456',
      password: PASSWORD,
      type: 'EMPLOYEE',
    };

    it('registers a CITIZEN and answers the token body of /user/oauth/token', async () => {
      const answer = await withInfo('/user/citizen/_create', { User: citizen }, null);
      expect(answer).toMatchObject({
        status: 200,
        body: {
          access_token: TOKEN,
          token_type: 'bearer',
          refresh_token: 'refresh-1',
          expires_in: 3600,
          scope: 'read',
          ResponseInfo: { api_id: '', ts: '', status: 'Access Token generated successfully' },
          UserRequest: {
            id: 42,
            uuid: USER.uuid,
            userName: '9876543210',
            mobileNumber: '9876543210',
            type: 'CITIZEN',
            roles: USER.roles,
            permanentCity: null,
          },
        },
      });
      expect(egov.registerCitizen).toHaveBeenCalledWith(
        {
          name: 'Asha Rani',
          tenantId: 'pb.amritsar',
          otpReference: '123456',
          password: PASSWORD,
          type: 'CITIZEN',
          profile: { mobile: '9876543210' },
        },
        true,
      );
    });

    it('refuses a missing RequestInfo, wrong types and a policy-breaking password with 400, calling nothing', async () => {
      expect(expectError(await post('/user/citizen/_create', { user: citizen }), 400)).toEqual([
        { code: 'MISSING_FIELD', params: ['RequestInfo'] },
      ]);
      expect(
        expectError(
          await withInfo('/user/citizen/_create', { user: { ...citizen, name: 5, mobileNumber: 98765 } }),
          400,
        ),
      ).toEqual([
        { code: 'INVALID_FIELD', params: ['user.name'] },
        { code: 'INVALID_FIELD', params: ['user.mobileNumber'] },
      ]);
      expect(
        expectError(await withInfo('/user/citizen/_create', { user: { ...citizen, password: 'Ab1@' } }), 400),
      ).toEqual([{ code: 'INVALID_PWD_LENGTH', params: ['user.password'] }]);
      expect(
        expectError(await withInfo('/user/citizen/_create', { user: { ...citizen, password: 'abcdefgh1' } }), 400),
      ).toEqual([{ code: 'INVALID_PWD_PATTERN', params: ['user.password'] }]);
      nothingCalled();
    });

    it('answers the OTP refusal of the service with its status', async () => {
      egov.registerCitizen.mockRejectedValueOnce(
        new RequestRejectedError('invalid', 'OTP_VALIDATION_UNSUCCESSFUL', 'the OTP is not valid', 'otpReference'),
      );
      expect(expectError(await withInfo('/user/citizen/_create', { user: citizen }), 400)).toEqual([
        { code: 'OTP_VALIDATION_UNSUCCESSFUL', params: ['otpReference'] },
      ]);
    });
  });

  describe('POST /user/users/_createnovalidate', () => {
    const employee = (userName: string) => ({
      userName,
      name: 'Rita Verma',
      type: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
    });

    it('creates a batch (Users[]) as the caller behind RequestInfo.authToken', async () => {
      const answer = await withInfo('/user/users/_createnovalidate', { Users: [employee('E1'), employee('E2')] });
      expect(answer).toMatchObject({
        status: 200,
        body: {
          responseInfo: { msgId: 'msg-1|en_IN', status: '200' },
          user: [{ uuid: USER.uuid }, { uuid: USER.uuid }],
        },
      });
      expect(egov.authenticate).toHaveBeenCalledWith(TOKEN);
      expect(egov.createUsers).toHaveBeenCalledWith(
        CALLER,
        [expect.objectContaining({ userName: 'E1' }), expect.objectContaining({ userName: 'E2' })],
        undefined,
      );
    });

    it('creates a single user{}', async () => {
      expect((await withInfo('/user/users/_createnovalidate', { user: employee('E1') })).status).toBe(200);
      expect(egov.createUsers).toHaveBeenCalledWith(
        CALLER,
        [expect.objectContaining({ userName: 'E1', type: 'EMPLOYEE' })],
        undefined,
      );
    });

    it('refuses a whole batch when one entry is bad, and batches above the maximum', async () => {
      const bad = { ...employee('E2'), mobileNumber: '12' };
      expect(
        expectError(await withInfo('/user/users/_createnovalidate', { users: [employee('E1'), bad] }), 400),
      ).toEqual([{ code: 'INVALID_FIELD', params: ['users[1].mobileNumber'] }]);
      const tooMany = [1, 2, 3, 4].map((n) => employee(`E${n}`));
      expect(expectError(await withInfo('/user/users/_createnovalidate', { users: tooMany }), 400)).toEqual([
        { code: 'INVALID_FIELD', params: ['users'] },
      ]);
      expect(expectError(await withInfo('/user/users/_createnovalidate', {}), 400)).toEqual([
        { code: 'MISSING_FIELD', params: ['users'] },
      ]);
      nothingCalled();
    });

    it('answers 401 without a token or with a bad one', async () => {
      expect(expectError(await withInfo('/user/users/_createnovalidate', { user: employee('E1') }, null), 401)).toEqual(
        [{ code: 'InvalidAccessTokenException', params: ['RequestInfo.authToken'] }],
      );
      expectError(await withInfo('/user/users/_createnovalidate', { user: employee('E1') }, 'forged'), 401);
      expect(egov.createUsers).not.toHaveBeenCalled();
    });

    it('answers 403 and 409 from the service', async () => {
      egov.createUsers.mockRejectedValueOnce(new RequestRejectedError('forbidden', 'ACCESS_DENIED', 'no'));
      expectError(await withInfo('/user/users/_createnovalidate', { user: employee('E1') }), 403);
      egov.createUsers.mockRejectedValueOnce(
        new RequestRejectedError('conflict', 'DUPLICATE_USER_NAME', 'taken', 'userName'),
      );
      expectError(await withInfo('/user/users/_createnovalidate', { user: employee('E1') }), 409);
    });
  });

  describe('updates', () => {
    it('POST /user/citizen/_update updates by uuid in citizen mode', async () => {
      const answer = await withInfo('/user/citizen/_update', {
        user: { uuid: USER.uuid, emailId: 'asha@example.com', password: PASSWORD },
      });
      expect(answer).toMatchObject({ status: 200, body: { user: [{ uuid: USER.uuid }] } });
      expect(egov.updateUser).toHaveBeenCalledWith(
        CALLER,
        { uuid: USER.uuid, password: PASSWORD, profile: { email: 'asha@example.com' } },
        'citizen',
      );
    });

    it('POST /user/users/_updatenovalidate requires roles', async () => {
      expect(expectError(await withInfo('/user/users/_updatenovalidate', { user: { uuid: USER.uuid } }), 400)).toEqual([
        { code: 'MISSING_FIELD', params: ['user.roles'] },
      ]);
      expect(
        (await withInfo('/user/users/_updatenovalidate', { user: { uuid: USER.uuid, roles: [{ code: 'EMPLOYEE' }] } }))
          .status,
      ).toBe(200);
      expect(egov.updateUser).toHaveBeenCalledWith(
        CALLER,
        { uuid: USER.uuid, roles: [{ code: 'EMPLOYEE' }] },
        'novalidate',
      );
    });

    it("POST /user/profile/_update updates the caller's own profile by default", async () => {
      expect(
        (await withInfo('/user/profile/_update', { user: { name: 'Asha Kumari Rani', dob: '01/02/1990' } })).status,
      ).toBe(200);
      expect(egov.updateUser).toHaveBeenCalledWith(
        CALLER,
        { uuid: CALLER.userId, name: 'Asha Kumari Rani', profile: { dateOfBirth: '1990-02-01' } },
        'profile',
      );
    });

    it('answers 404 for a user the service does not find', async () => {
      egov.updateUser.mockRejectedValueOnce(
        new RequestRejectedError('not_found', 'USER_NOT_FOUND', 'user does not exist', 'uuid'),
      );
      expectError(await withInfo('/user/citizen/_update', { user: { uuid: 'other' } }), 404);
    });
  });

  describe('searches', () => {
    it('POST /user/_search finds active users by default, criteria from the body and the query', async () => {
      const answer = await withInfo('/user/_search?roleCodes=EMPLOYEE,HRMS_ADMIN&pageSize=5', {
        tenantId: 'pb',
        name: 'As',
      });
      expect(answer).toMatchObject({
        status: 200,
        body: { responseInfo: { msgId: 'msg-1|en_IN' }, user: [{ uuid: USER.uuid, name: 'Asha Rani' }] },
      });
      expect(egov.searchUsers).toHaveBeenCalledWith(CALLER, {
        tenantId: 'pb',
        name: 'As',
        active: true,
        roleCodes: ['EMPLOYEE', 'HRMS_ADMIN'],
        pageSize: 5,
        pageNumber: 0,
        sort: ['name'],
      });
    });

    it.each(['/user/v1/_search', '/user/citizen/_search'])('POST %s has no active default', async (url) => {
      expect((await withInfo(url, { uuid: [USER.uuid] })).status).toBe(200);
      expect(egov.searchUsers).toHaveBeenCalledWith(CALLER, {
        uuids: [USER.uuid],
        pageSize: 100,
        pageNumber: 0,
        sort: ['name'],
      });
    });

    it('refuses a sort outside the whitelist and criteria of the wrong type', async () => {
      expect(expectError(await withInfo('/user/_search', { sort: ['password'] }), 400)).toEqual([
        { code: 'INVALID_FIELD', params: ['sort'] },
      ]);
      expect(expectError(await withInfo('/user/_search?pageSize=abc', {}), 400)).toEqual([
        { code: 'INVALID_FIELD', params: ['pageSize'] },
      ]);
      expect(
        expectError(await withInfo('/user/_search', { roleCodes: 'EMPLOYEE', lastChangedSince: 'yesterday' }), 400),
      ).toEqual([
        { code: 'INVALID_FIELD', params: ['roleCodes'] },
        { code: 'INVALID_FIELD', params: ['lastChangedSince'] },
      ]);
      expectError(await post('/user/_search', { tenantId: 'pb' }, { authorization: `Bearer ${TOKEN}` }), 400);
      nothingCalled();
    });

    it('takes the token from Authorization: Bearer too', async () => {
      expect((await post('/user/_search', { RequestInfo: {} }, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    });
  });

  describe('passwords', () => {
    it("POST /user/password/_update changes the caller's password (tenant and type default to the caller's)", async () => {
      const answer = await withInfo('/user/password/_update', { existingPassword: 'Old1@pass', newPassword: PASSWORD });
      expect(answer).toMatchObject({ status: 200, body: { responseInfo: { msgId: 'msg-1|en_IN', status: '200' } } });
      expect(egov.changePassword).toHaveBeenCalledWith(CALLER, {
        existingPassword: 'Old1@pass',
        newPassword: PASSWORD,
      });
    });

    it('refuses a policy-breaking new password with either code', async () => {
      expect(
        expectError(await withInfo('/user/password/_update', { existingPassword: 'x', newPassword: 'Sh0rt@' }), 400),
      ).toEqual([{ code: 'INVALID_PWD_LENGTH', params: ['newPassword'] }]);
      expect(
        expectError(
          await withInfo('/user/password/_update', { existingPassword: 'x', newPassword: 'has space1@A' }),
          400,
        ),
      ).toEqual([{ code: 'INVALID_PWD_PATTERN', params: ['newPassword'] }]);
      nothingCalled();
    });

    it("a code that fails validation also answers egov-otp's error object, which the DIGIT UI shows", async () => {
      egov.resetPassword.mockRejectedValueOnce(
        new RequestRejectedError('invalid', 'OTP_INVALID', 'the OTP is not correct', 'otpReference'),
      );
      const reset = {
        otpReference: '000000',
        userName: 'EMP1',
        newPassword: PASSWORD,
        tenantId: 'pb.amritsar',
        type: 'EMPLOYEE',
      };
      const answer = await withInfo('/user/password/nologin/_update', reset, null);
      expect(expectError(answer, 400)).toEqual([{ code: 'OTP_INVALID', params: ['otpReference'] }]);
      expect(answer.body.error).toEqual({
        code: 400,
        message: 'OTP validation unsuccessful',
        description: null,
        fields: [{ code: 'OTP.VALIDATION_UNSUCCESSFUL', message: 'the OTP is not correct', field: 'otp.otp' }],
      });
      egov.resetPassword.mockRejectedValueOnce(
        new RequestRejectedError('invalid', 'INVALID_FIELD', 'other', 'userName'),
      );
      expect((await withInfo('/user/password/nologin/_update', reset, null)).body.error).toBeUndefined();
    });

    it('POST /user/password/nologin/_update resets with an OTP, without a token', async () => {
      const reset = { otpReference: '123456', userName: '9876543210', newPassword: PASSWORD, tenantId: 'pb.amritsar' };
      expect((await withInfo('/user/password/nologin/_update', reset, null)).status).toBe(200);
      expect(egov.resetPassword).toHaveBeenCalledWith({ ...reset, type: 'CITIZEN' });
      expect(expectError(await withInfo('/user/password/nologin/_update', { newPassword: 'weak' }, null), 400)).toEqual(
        [
          { code: 'MISSING_FIELD', params: ['otpReference'] },
          { code: 'MISSING_FIELD', params: ['userName'] },
          { code: 'INVALID_PWD_LENGTH', params: ['newPassword'] },
          { code: 'INVALID_PWD_PATTERN', params: ['newPassword'] },
          { code: 'MISSING_FIELD', params: ['tenantId'] },
        ],
      );
    });
  });

  describe('POST /user/oauth/token', () => {
    const form = (fields: Record<string, string>) =>
      post('/user/oauth/token', new URLSearchParams(fields).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Basic ZWdvdi11c2VyLWNsaWVudDo=',
      });

    it('logs in with a form-encoded password grant and answers the egov token body', async () => {
      const answer = await form({
        username: '9876543210',
        password: PASSWORD,
        grant_type: 'password',
        scope: 'read',
        tenantId: 'pb.amritsar',
        userType: 'citizen',
      });
      expect(answer).toMatchObject({
        status: 200,
        body: {
          access_token: TOKEN,
          token_type: 'bearer',
          refresh_token: 'refresh-1',
          expires_in: 3600,
          scope: 'read',
          ResponseInfo: {},
          UserRequest: { uuid: USER.uuid },
        },
      });
      expect(egov.login).toHaveBeenCalledWith({
        userName: '9876543210',
        password: PASSWORD,
        tenantId: 'pb.amritsar',
        userType: 'CITIZEN',
        scope: 'read',
      });
    });

    it('takes JSON and the refresh_token grant too', async () => {
      expect(
        (await post('/user/oauth/token', { grant_type: 'refresh_token', refresh_token: 'refresh-1' })).status,
      ).toBe(200);
      expect(egov.refresh).toHaveBeenCalledWith('refresh-1');
    });

    it('answers bad requests with the egov envelope and OAuth2 error fields', async () => {
      const missing = await form({ username: 'u', grant_type: 'password' });
      expect(expectError(missing, 400).map(({ params }) => params[0])).toEqual(['password', 'tenantId', 'userType']);
      expect(missing.body).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
      expect(
        (
          await form({
            grant_type: 'client_credentials',
            username: 'u',
            password: 'p',
            tenantId: 'pb',
            userType: 'CITIZEN',
          })
        ).body,
      ).toMatchObject({
        error: 'unsupported_grant_type',
      });
      nothingCalled();
    });

    it('answers a failed login with 401 invalid_grant, and a lock with 423', async () => {
      egov.login.mockRejectedValueOnce(
        new RequestRejectedError('unauthorized', 'invalid_grant', 'Invalid login credentials'),
      );
      const refused = await form({
        username: 'u',
        password: 'wrong',
        grant_type: 'password',
        tenantId: 'pb',
        userType: 'EMPLOYEE',
      });
      expect(expectError(refused, 401)).toEqual([{ code: 'invalid_grant', params: [] }]);
      expect(refused.body).toMatchObject({ error: 'invalid_grant', error_description: 'Invalid login credentials' });
      egov.login.mockRejectedValueOnce(new RequestRejectedError('locked', 'ACCOUNT_LOCKED', 'locked'));
      const locked = await form({
        username: 'u',
        password: 'wrong',
        grant_type: 'password',
        tenantId: 'pb',
        userType: 'EMPLOYEE',
      });
      expectError(locked, 423);
      expect(locked.body.error).toBe('invalid_grant');
    });
  });

  describe('sessions', () => {
    it('POST and GET /user/_details?access_token= answer the user itself', async () => {
      const posted = await post(`/user/_details?access_token=${TOKEN}`, undefined);
      expect(posted).toMatchObject({
        status: 200,
        body: { uuid: USER.uuid, userName: '9876543210', roles: [{ code: 'CITIZEN' }] },
      });
      const got = await app.inject({ method: 'GET', url: `/user/_details?access_token=${TOKEN}` });
      expect({ status: got.statusCode, uuid: got.json().uuid }).toEqual({ status: 200, uuid: USER.uuid });
      expect(egov.details).toHaveBeenCalledWith(TOKEN);
      expectError(await post('/user/_details', undefined), 401);
    });

    it('POST /user/_logout revokes the access_token of the body, with or without RequestInfo, and answers a bare ResponseInfo', async () => {
      const answer = await withInfo('/user/_logout', { access_token: 'to-revoke' });
      expect(answer).toMatchObject({ status: 200, body: { msgId: 'msg-1|en_IN', status: 'Logout successfully' } });
      expect(egov.logout).toHaveBeenCalledWith('to-revoke');
      const bare = await post('/user/_logout', { access_token: 'other' });
      expect(bare).toMatchObject({ status: 200, body: { apiId: '', msgId: '', status: 'Logout successfully' } });
      expect(egov.logout).toHaveBeenLastCalledWith('other');
      expectError(await post('/user/_logout', {}), 401);
    });
  });

  describe('POST /user-otp/v1/_send', () => {
    /** user-otp's error shape: `{responseInfo: null, error: {code, message, description: null, fields[{code, message, field}]}}`. */
    function otpError(
      answer: { status: number; body: any },
      status: number,
    ): { message: string; fields: Array<{ code: string; field: string }> } {
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({
        responseInfo: null,
        error: { code: status, message: expect.any(String), description: null, fields: expect.any(Array) },
      });
      const { message, fields } = answer.body.error;
      return { message, fields: fields.map(({ code, field }: { code: string; field: string }) => ({ code, field })) };
    }

    it("sends an OTP (purpose register by default) and answers user-otp's 201 without RequestInfo", async () => {
      const answer = await post('/user-otp/v1/_send', { otp: { mobileNumber: '9876543210', tenantId: 'pb.amritsar' } });
      expect(answer).toMatchObject({ status: 201, body: { responseInfo: null, isSuccessful: true } });
      expect(egov.sendOtp).toHaveBeenCalledWith({
        mobileNumber: '9876543210',
        tenantId: 'pb.amritsar',
        purpose: 'register',
        userType: null,
      });
      await withInfo('/user-otp/v1/_send', {
        otp: { mobileNumber: '9876543210', tenantId: 'pb', type: 'login', userType: 'citizen' },
      });
      expect(egov.sendOtp).toHaveBeenLastCalledWith({
        mobileNumber: '9876543210',
        tenantId: 'pb',
        purpose: 'login',
        userType: 'CITIZEN',
      });
    });

    it("refuses bad input with user-otp's codes, and answers the rate limit with 429", async () => {
      expect(
        otpError(
          await withInfo('/user-otp/v1/_send', { otp: { mobileNumber: '12', tenantId: 'pb', type: 'shopping' } }),
          400,
        ),
      ).toEqual({
        message: 'Invalid OTP request',
        fields: [
          { code: 'OTP.REQUEST_TYPE_MANDATORY', field: 'otp.type' },
          { code: 'OTP.MOBILE_NUMBER_VALIDATION_FAILED', field: 'otp.mobileNumber' },
        ],
      });
      expect(
        otpError(
          await withInfo('/user-otp/v1/_send', { otp: { mobileNumber: '12', tenantId: 'pb', type: 'login' } }),
          400,
        ).fields,
      ).toEqual([{ code: 'OTP.MOBILE_NUMBER_VALIDATION_FAILED', field: 'otp.mobileNumber' }]);
      expect(otpError(await withInfo('/user-otp/v1/_send', { otp: 'x' }), 400).fields).toEqual([
        { code: 'INVALID_FIELD', field: 'otp' },
        { code: 'OTP.TENANT_ID_MANDATORY', field: 'otp.tenantId' },
        { code: 'OTP.MOBILE_NUMBER_MANDATORY', field: 'otp.mobileNumber' },
      ]);
      expect(egov.sendOtp).not.toHaveBeenCalled();
      egov.sendOtp.mockRejectedValueOnce(
        new RequestRejectedError('invalid', 'OTP.UNKNOWN_CREDENTIAL', 'No such username or password', 'mobileNumber'),
      );
      expect(
        otpError(
          await withInfo('/user-otp/v1/_send', { otp: { mobileNumber: '9876543210', tenantId: 'pb', type: 'login' } }),
          400,
        ),
      ).toEqual({
        message: 'OTP request for login failed',
        fields: [{ code: 'OTP.UNKNOWN_CREDENTIAL', field: 'otp.mobileNumber' }],
      });
      egov.sendOtp.mockRejectedValueOnce(new RequestRejectedError('rate_limited', 'OTP_RATE_LIMITED', 'too many OTPs'));
      otpError(
        await withInfo('/user-otp/v1/_send', { otp: { mobileNumber: '9876543210', tenantId: 'pb', type: 'login' } }),
        429,
      );
      const malformed = await app.inject({
        method: 'POST',
        url: '/user-otp/v1/_send',
        payload: '{"otp": ',
        headers: { 'content-type': 'application/json' },
      });
      otpError({ status: malformed.statusCode, body: malformed.json() }, 400);
    });
  });

  it('routes the doubled slashes of DIGIT deployments (`//user/_search`, `/user/users//_createnovalidate`)', async () => {
    expect((await withInfo('//user/_search', { tenantId: 'pb' })).status).toBe(200);
    expect(
      (
        await withInfo('/user/users//_createnovalidate', {
          user: { userName: 'E1', name: 'E One', type: 'EMPLOYEE', tenantId: 'pb' },
        })
      ).status,
    ).toBe(200);
    const failed = await app.inject({
      method: 'POST',
      url: '//user/_search',
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(failed.json()).toMatchObject({ Errors: [{ code: 'MALFORMED_BODY' }] });
  });

  it("never repeats a URL's query string, where a token may travel, in the framework's own errors", async () => {
    // Known paths asked with another method answer 405; /users is no path of this app (egov controllers only).
    for (const [method, url, status] of [
      ['PATCH', '/user/_details?access_token=SECRET-TOKEN-1', 405],
      ['DELETE', '/user/_search?access_token=SECRET-TOKEN-1', 405],
      ['PATCH', '/users?api_key=SECRET-TOKEN-1', 404],
    ] as const) {
      const answer = await app.inject({ method, url });
      expect({ url, status: answer.statusCode }).toEqual({ url, status });
      expect(answer.body).not.toContain('SECRET-TOKEN-1');
    }
  });

  it('answers malformed JSON and unknown /user paths with the egov envelope', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/user/_search',
      payload: '{"RequestInfo": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(expectError({ status: malformed.statusCode, body: malformed.json() }, 400)).toEqual([
      { code: 'MALFORMED_BODY', params: ['body'] },
    ]);
    const unknown = await app.inject({ method: 'POST', url: '/user/_nonsense', payload: {} });
    expectError({ status: unknown.statusCode, body: unknown.json() }, 404);
    const nCore = await app.inject({
      method: 'POST',
      url: '/users',
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(nCore.headers['content-type']).toContain('application/problem+json');
  });

  it('documents every egov endpoint in /docs-json under the egov-user tag', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json();
    const paths = Object.entries(document.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.tags?.includes('egov-user'))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(paths.sort()).toEqual(
      [
        'POST /user/citizen/_create',
        'POST /user/users/_createnovalidate',
        'POST /user/citizen/_update',
        'POST /user/users/_updatenovalidate',
        'POST /user/profile/_update',
        'POST /user/_search',
        'POST /user/v1/_search',
        'POST /user/citizen/_search',
        'POST /user/password/_update',
        'POST /user/password/nologin/_update',
        'POST /user/oauth/token',
        'POST /user/_details',
        'GET /user/_details',
        'POST /user/_logout',
        'POST /user-otp/v1/_send',
      ].sort(),
    );
    expect(document.components.schemas).toHaveProperty('EgovErrorResponseDoc');
    expect(document.paths['/user/oauth/token'].post.requestBody.content).toHaveProperty(
      'application/x-www-form-urlencoded',
    );
  });
});

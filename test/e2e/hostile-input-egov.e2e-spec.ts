import { EgovClient, newMobile, PASSWORDS } from './support/egov-client';
import {
  ADMIN,
  EGOV_SECRET,
  employeeInput,
  expectEgovError,
  expectNothingWritten,
  expectUsersEnvelope,
  tokenOf,
} from './support/egov-roster';
import { headOf } from './support/event-log';
import type { HttpAnswer, HttpClient } from './support/http-client';
import { oversizedHeaderRequest, rawRequest } from './support/raw-http';
import type { InProcessRoster } from './support/roster-harness';
import { startInProcess } from './support/roster-harness';

const SECRET = 'SECRET-TOKEN-0123456789';

/**
 * Hostile input on the egov face (issue 11): each answers a 4xx in egov-user's envelope (user-otp's own shape on
 * /user-otp) naming the field at fault, never a 5xx or a hang, and writes nothing.
 */
describe('egov face: hostile input', () => {
  let roster: InProcessRoster;
  let egov: EgovClient;
  /** For methods other than POST and raw requests. */
  let http: HttpClient;
  let admin: string;
  let employee: { uuid: string; name: string };

  beforeAll(async () => {
    roster = await startInProcess({
      ROSTER_SECRET: EGOV_SECRET,
      ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
      ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
    });
    egov = new EgovClient(roster.client.baseUrl);
    http = roster.client.withKey(null);
    admin = tokenOf(
      await egov.login({ username: ADMIN.userName, password: ADMIN.password, tenantId: 'pb', userType: 'SYSTEM' }),
    );
    const [created] = expectUsersEnvelope(
      await egov.post('/user/users/_createnovalidate', { user: employeeInput({ name: 'Esha Emp' }) }, admin),
    );
    employee = { uuid: created.uuid, name: created.name };
  });
  afterAll(() => roster.close());

  /** Sends, checks the egov error (status, code, the field named in params or fields) and that nothing was written. */
  async function expectRejected(request: () => Promise<HttpAnswer>, status: number, code: string, field: string) {
    const answer = await expectNothingWritten(roster.dataDir, request);
    expectEgovError(answer, status, code);
    const named = answer.body.Errors
      ? answer.body.Errors.flatMap((entry: { params: string[] }) => entry.params)
      : answer.body.error.fields.map((entry: { field: string }) => entry.field);
    expect(named).toContain(field);
    return answer;
  }

  /** The employee the updates aimed at is as it was. */
  async function expectEmployeeUnchanged(): Promise<void> {
    const found = expectUsersEnvelope(await egov.post('/user/_search', { uuid: [employee.uuid] }, admin));
    expect(found.map((user) => user.name)).toEqual([employee.name]);
  }

  const withRequestInfo = (fields: string) =>
    `{"RequestInfo":${JSON.stringify(EgovClient.requestInfo(admin))},${fields}}`;

  describe('deeply nested JSON', () => {
    const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

    it.each([
      ['/user/_search', withRequestInfo(`"tenantId":"pb","extra":${nested(2000)}`)],
      ['/user/users/_createnovalidate', withRequestInfo(`"user":${nested(5000)}`)],
      ['/user/users/_updatenovalidate', withRequestInfo(`"user":{"uuid":"x","roles":${nested(40)}}`)],
    ])('%s answers 400 BODY_TOO_DEEP naming body', (path, body) =>
      expectRejected(() => egov.postRaw(path, body), 400, 'BODY_TOO_DEEP', 'body'),
    );

    it('/user-otp/v1/_send answers in user-otp’s shape', () =>
      expectRejected(
        () => egov.postRaw('/user-otp/v1/_send', `{"otp":${nested(3000)}}`),
        400,
        'BODY_TOO_DEEP',
        'body',
      ));
  });

  describe('control characters and lone surrogates', () => {
    it.each([
      ['/user/users/_createnovalidate', 'user.name', { user: employeeInput({ name: 'Esha\ud800' }) }],
      [
        '/user/users/_createnovalidate',
        'users[1].emailId',
        { users: [employeeInput(), employeeInput({ emailId: 'a\u0000@x.in' })] },
      ],
      [
        '/user/users/_createnovalidate',
        'user.roles[0].code',
        { user: employeeInput({ roles: [{ code: 'EMP\u0007' }] }) },
      ],
      ['/user/_search', 'userName', { tenantId: 'pb', userName: '\udc00' }],
      [
        '/user/_search',
        'RequestInfo.msgId',
        { tenantId: 'pb', RequestInfo: { ...EgovClient.requestInfo(), msgId: 'm\u0000' } },
      ],
    ])('%s: %s is refused naming it (was stored, or a 500)', (path, field, body) =>
      expectRejected(() => egov.post(path, body, admin), 400, 'INVALID_CHARACTERS', field),
    );

    it('in an update, the user stays as it was', async () => {
      await expectRejected(
        () =>
          egov.post(
            '/user/users/_updatenovalidate',
            {
              user: {
                uuid: employee.uuid,
                name: 'New\u001bName',
                roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
              },
            },
            admin,
          ),
        400,
        'INVALID_CHARACTERS',
        'user.name',
      );
      await expectEmployeeUnchanged();
    });

    it('in a query parameter, a login form and an OTP request', async () => {
      await expectRejected(
        () => egov.postRaw('/user/_search?userName=%00', withRequestInfo('"tenantId":"pb"')),
        400,
        'INVALID_CHARACTERS',
        'userName',
      );
      const login = await expectRejected(
        () =>
          egov.tokenRequest({
            username: 'adm\u0000in',
            password: PASSWORDS.admin,
            grant_type: 'password',
            tenantId: 'pb',
            userType: 'SYSTEM',
          }),
        400,
        'INVALID_CHARACTERS',
        'username',
      );
      // Refused before the token endpoint's controller ran, still with the OAuth2 fields its clients read.
      expect(login.body).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
      await expectRejected(
        () => egov.sendOtp({ mobileNumber: '98765\ud80043210', tenantId: 'pb', type: 'register' }),
        400,
        'INVALID_CHARACTERS',
        'otp.mobileNumber',
      );
    });
  });

  describe('wrong shapes and prototype names', () => {
    it.each([
      ['/user/users/_createnovalidate', 'user.permanentAddress', { user: employeeInput({ permanentAddress: [] }) }],
      ['/user/users/_createnovalidate', 'user.roles', { user: employeeInput({ roles: { code: 'EMPLOYEE' } }) }],
      ['/user/users/_createnovalidate', 'user', { user: [employeeInput()] }],
      ['/user/users/_createnovalidate', 'users', { users: { first: employeeInput() } }],
      ['/user/users/_createnovalidate', 'user.name', { user: employeeInput({ name: { first: 'A' } }) }],
      ['/user/_search', 'RequestInfo', { tenantId: 'pb', RequestInfo: [] }],
      ['/user/_search', 'uuid', { tenantId: 'pb', uuid: { id: 'x' } }],
    ])('%s: %s of the wrong shape is refused naming it', (path, field, body) =>
      expectRejected(() => egov.post(path, body, admin), 400, 'INVALID_FIELD', field),
    );

    it.each([
      ['pageNumber', { pageNumber: 1_000_001 }],
      ['pageNumber', { pageNumber: 1e300 }],
      ['pageSize', { pageSize: -1 }],
      ['pageSize', { pageSize: '1e2' }],
      ['pageNumber', { pageNumber: '0x10' }],
    ])(
      'a search %s out of range or not in digits is refused naming it (a huge pageNumber was a 500)',
      (field, paging) =>
        expectRejected(
          () => egov.post('/user/_search', { tenantId: 'pb', ...paging }, admin),
          400,
          'INVALID_FIELD',
          field,
        ),
    );

    it('constructor and prototype keys are ignored like any unknown field, and do no harm', async () => {
      const search = await expectNothingWritten(roster.dataDir, () =>
        egov.postRaw(
          '/user/_search',
          withRequestInfo(`"uuid":["${employee.uuid}"],"constructor":{"prototype":{"x":1}},"prototype":1,"toString":2`),
        ),
      );
      expect(expectUsersEnvelope(search).map((user) => user.uuid)).toEqual([employee.uuid]);
      const create = await egov.postRaw(
        '/user/users/_createnovalidate',
        withRequestInfo(`"user":${JSON.stringify({ ...employeeInput(), constructor: 'x', hasOwnProperty: 1 })}`),
      );
      expect(expectUsersEnvelope(create)).toHaveLength(1);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });

    it('a __proto__ key is refused naming it (it was "the body is not valid JSON")', async () => {
      const answer = await expectRejected(
        () => egov.postRaw('/user/_search', withRequestInfo('"tenantId":"pb","__proto__":{"active":false}')),
        400,
        'FORBIDDEN_FIELD',
        '__proto__',
      );
      expect(answer.body.Errors[0].message).toContain('__proto__');
      await expectRejected(
        () =>
          egov.postRaw(
            '/user/users/_updatenovalidate',
            withRequestInfo(`"user":{"uuid":"${employee.uuid}","__proto__":{"name":"Hijack"}}`),
          ),
        400,
        'FORBIDDEN_FIELD',
        'user.__proto__',
      );
      await expectEmployeeUnchanged();
      await expectRejected(
        () => egov.postRaw('/user-otp/v1/_send', '{"otp":{"__proto__":{},"tenantId":"pb"}}'),
        400,
        'FORBIDDEN_FIELD',
        'otp.__proto__',
      );
      const login = await expectRejected(
        () =>
          http.send('POST', '/user/oauth/token', `__proto__=x&grant_type=password`, {
            'content-type': 'application/x-www-form-urlencoded',
          }),
        400,
        'FORBIDDEN_FIELD',
        '__proto__',
      );
      expect(login.body).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
    });
  });

  describe('the framework’s own errors, in each face’s shape', () => {
    it.each([
      ['PATCH', '/user/_search', 'POST'],
      ['GET', '/user/_search', 'POST'],
      ['DELETE', '/user/users/_createnovalidate', 'POST'],
      ['PUT', '/user/_details', 'GET, HEAD, POST'],
      ['GET', '/user/oauth/token', 'POST'],
    ])('%s %s answers 405 with Allow: %s in the egov envelope', async (method, path, allow) => {
      const answer = await expectNothingWritten(roster.dataDir, () => http.send(method, path));
      expectEgovError(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.headers.get('allow')).toBe(allow);
    });

    it('DELETE /user-otp/v1/_send answers 405 in user-otp’s shape', async () => {
      const answer = await expectNothingWritten(roster.dataDir, () => http.send('DELETE', '/user-otp/v1/_send'));
      expectEgovError(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.body.responseInfo).toBeNull();
      expect(answer.headers.get('allow')).toBe('POST');
    });

    it('a URL that is not valid percent-encoding names url', async () => {
      await expectRejected(() => egov.postRaw('/user/%E0%A4%A', '{}'), 400, 'MALFORMED_URL', 'url');
      const otp = await expectRejected(() => egov.postRaw('/user-otp/%E0%A4%A', '{}'), 400, 'MALFORMED_URL', 'url');
      expect(otp.body.responseInfo).toBeNull();
    });

    it('an unsupported media type and an empty JSON body', async () => {
      await expectRejected(
        () => egov.postRaw('/user/_search', '<search/>', { 'content-type': 'application/xml' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'content-type',
      );
      await expectRejected(() => egov.postRaw('/user/_search', ''), 400, 'MISSING_FIELD', 'RequestInfo');
    });

    it('headers too large answer 431 in the egov envelope, and in user-otp’s shape on /user-otp', async () => {
      const before = await headOf(roster.dataDir);
      const user = await rawRequest(http.baseUrl, oversizedHeaderRequest('POST', '/user/_search'));
      expect(user.status).toBe(431);
      expect(user.body).toMatchObject({
        ResponseInfo: { status: 'failed' },
        Errors: [{ code: 'HEADERS_TOO_LARGE', params: ['headers'] }],
      });
      const otp = await rawRequest(http.baseUrl, oversizedHeaderRequest('POST', '/user-otp/v1/_send'));
      expect(otp.status).toBe(431);
      expect(otp.body).toMatchObject({
        responseInfo: null,
        error: { code: 431, fields: [{ code: 'HEADERS_TOO_LARGE' }] },
      });
      expect(await headOf(roster.dataDir)).toBe(before);
    });
  });

  it('no error repeats a query string, a header or a token', async () => {
    const trace = await roster.app.inject({ method: 'TRACE' as 'GET', url: `/user/_details?access_token=${SECRET}` });
    expect(trace.statusCode).toBe(405);
    expect(trace.body).not.toContain(SECRET);
    const answers = [
      await http.send('PATCH', `/user/_details?access_token=${SECRET}`),
      await http.send('POST', `/user/_details?access_token=${SECRET}`),
      await egov.postRaw(`/user/nope?access_token=${SECRET}`, '{}'),
      await egov.postRaw(`/user/%E0%A4%A?access_token=${SECRET}`, '{}'),
      await egov.postRaw('/user/_search', `{"RequestInfo": {"authToken": "${SECRET}"},`),
      await egov.post('/user/_search', { tenantId: 'pb' }, SECRET),
      await http.send('POST', `/user-otp/v1/_send?token=${SECRET}`, '{"otp":', {}),
      await http.send('POST', '/user/_search', withRequestInfo('"tenantId":"pb"'), {
        authorization: `Bearer ${SECRET}`,
      }),
    ];
    for (const answer of answers) {
      expect(JSON.stringify(answer.body)).not.toContain(SECRET);
      expect(JSON.stringify([...answer.headers])).not.toContain(SECRET);
    }
    expect(answers.map((answer) => answer.status).filter((status) => status >= 500)).toEqual([]);
  });

  it('a new mobile number still registers (the guards refuse only what they should)', async () => {
    const sent = await egov.sendOtp({ mobileNumber: newMobile(), tenantId: 'pb', type: 'register' });
    expect(sent.status).toBe(201);
  });
});

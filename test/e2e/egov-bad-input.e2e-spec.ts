import type { EgovClient } from './support/egov-client';
import { newMobile, PASSWORDS, unique } from './support/egov-client';
import type { HttpAnswer } from './support/http-client';
import {
  createUsers,
  EgovRoster,
  employeeInput,
  expectEgovError,
  expectNothingWritten,
  expectNoUserWritten,
  expectTokenBody,
  expectUsersEnvelope,
  loginAs,
  registerCitizen,
  sleep,
  tokenOf,
  userEventTypesAfter,
  uuidsOf,
} from './support/egov-roster';
import { headOf } from './support/event-log';

/**
 * Every kind of bad input on the egov-user face answers the egov error envelope with the right status and
 * writes nothing (OTP bookkeeping aside, no user stream changes). The process runs with the shortest OTP
 * lifetime the configuration allows (30 s): an OTP is sent at the start and found expired at the end.
 */
const OTP_TTL_SECONDS = 30;
const BULK_MAX = 3;

describe('egov bad input', () => {
  let roster: EgovRoster;
  let egov: EgovClient;
  let admin: string;
  let citizen: { uuid: string; token: string; userName: string };
  const expiringMobile = newMobile();
  let expiringCode: string;
  let expiringSentAt: number;

  beforeAll(async () => {
    roster = await EgovRoster.start({
      ROSTER_OTP_TTL_SECONDS: String(OTP_TTL_SECONDS),
      ROSTER_BULK_CREATE_MAX: String(BULK_MAX),
    });
    egov = roster.egov;
    expiringSentAt = Date.now();
    expect((await egov.sendOtp({ mobileNumber: expiringMobile, tenantId: 'pb', type: 'register' })).status).toBe(201);
    expiringCode = await roster.otps.next(expiringMobile);
    admin = await roster.adminToken();
    const registered = await registerCitizen(roster, newMobile(), 'pb', PASSWORDS.citizen);
    citizen = { uuid: registered.uuid, token: registered.accessToken, userName: registered.userName };
  });
  afterAll(() => roster.stop());

  /** Sends, checks the egov error envelope (status, code, the field named) and that the event log did not grow. */
  async function expectRejected(
    request: () => Promise<HttpAnswer>,
    status: number | number[],
    expected: { code?: string; field?: string } = {},
  ) {
    const answer = await expectNothingWritten(roster.dataDir, request);
    expectEgovError(answer, status, expected.code);
    if (expected.field) expect(JSON.stringify(answer.body.Errors ?? answer.body.error)).toContain(expected.field);
    return answer;
  }

  /** Like expectRejected, for requests that may record OTP bookkeeping: no user stream changes. */
  async function expectRejectedNoUser(
    request: () => Promise<HttpAnswer>,
    status: number | number[],
    expected: { code?: string; field?: string } = {},
  ) {
    const answer = await expectNoUserWritten(roster.dataDir, request);
    expectEgovError(answer, status, expected.code);
    if (expected.field) expect(JSON.stringify(answer.body.Errors ?? answer.body.error)).toContain(expected.field);
    return answer;
  }

  /**
   * One valid request per endpoint that needs a RequestInfo (with ROSTER_EGOV_AUTH=token), as [path, body, token].
   * `/user-otp/v1/_send`, `/user/password/nologin/_update` and `/user/_logout` need none, as at egov-user.
   */
  const validRequests = (): [string, Record<string, unknown>, string | undefined][] => [
    [
      '/user/citizen/_create',
      { user: { name: 'No Info', mobileNumber: newMobile(), tenantId: 'pb', otpReference: '123456' } },
      undefined,
    ],
    ['/user/users/_createnovalidate', { user: employeeInput() }, admin],
    ['/user/citizen/_update', { user: { uuid: citizen.uuid, name: 'No Info' } }, admin],
    [
      '/user/users/_updatenovalidate',
      { user: { uuid: citizen.uuid, name: 'No Info', roles: [{ code: 'CITIZEN', tenantId: 'pb' }] } },
      admin,
    ],
    ['/user/profile/_update', { user: { uuid: citizen.uuid, name: 'No Info' } }, citizen.token],
    ['/user/_search', { tenantId: 'pb' }, admin],
    ['/user/v1/_search', { tenantId: 'pb' }, admin],
    ['/user/citizen/_search', { tenantId: 'pb' }, admin],
    [
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: PASSWORDS.changed, tenantId: 'pb', type: 'CITIZEN' },
      citizen.token,
    ],
  ];
  const withoutRequestInfo: [string, Record<string, unknown>][] = [
    [
      '/user-otp/v1/_send',
      { otp: { mobileNumber: newMobile(), tenantId: 'pb', type: 'register', userType: 'CITIZEN' } },
    ],
    [
      '/user/password/nologin/_update',
      { otpReference: '123456', userName: 'someone', newPassword: PASSWORDS.reset, tenantId: 'pb', type: 'CITIZEN' },
    ],
    ['/user/_logout', { access_token: 'x' }],
  ];

  it('every endpoint that needs one refuses a body without RequestInfo (400), with ROSTER_EGOV_AUTH=token', async () => {
    for (const [path, body] of validRequests()) {
      const answer = await expectNothingWritten(roster.dataDir, () => egov.postRaw(path, JSON.stringify(body)));
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expectEgovError(answer, 400);
      expect(JSON.stringify(answer.body.Errors)).toMatch(/requestinfo/i);
    }
  });

  it('every endpoint refuses malformed JSON and a body that is not an object (400)', async () => {
    for (const [path] of [...validRequests(), ...withoutRequestInfo]) {
      for (const raw of ['{"RequestInfo": {', '"text"', '[]', '42']) {
        const answer = await expectNothingWritten(roster.dataDir, () => egov.postRaw(path as string, raw));
        expect({ path, raw, status: answer.status }).toEqual({ path, raw, status: 400 });
        expectEgovError(answer, 400);
      }
    }
  });

  it.each([
    [
      '/user-otp/v1/_send',
      { otp: { mobileNumber: ['9876543210'], tenantId: 'pb', type: 'register' } },
      'mobileNumber',
      false,
    ],
    ['/user-otp/v1/_send', { otp: { mobileNumber: '9876543210', tenantId: 'pb', type: 'signup' } }, 'type', false],
    ['/user-otp/v1/_send', { otp: 'register me' }, 'otp', false],
    [
      '/user/citizen/_create',
      { user: { name: { first: 'A' }, mobileNumber: '9876543210', tenantId: 'pb', otpReference: '123456' } },
      'name',
      false,
    ],
    ['/user/users/_createnovalidate', { users: 'everyone' }, 'users', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ roles: 'EMPLOYEE' }) }, 'roles', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ active: 'yes' }) }, 'active', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ gender: 'ROBOT' }) }, 'gender', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ dob: '31/02/1985' }) }, 'dob', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ dob: '17.05.85' }) }, 'dob', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ emailId: 'not-an-email' }) }, 'emailId', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ mobileNumber: '12345' }) }, 'mobileNumber', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ name: 'N'.repeat(51) }) }, 'name', true],
    [
      '/user/users/_createnovalidate',
      { user: employeeInput({ permanentPinCode: '012345' }) },
      'permanentPinCode',
      true,
    ],
    ['/user/users/_createnovalidate', { user: employeeInput({ relationship: 'UNCLE' }) }, 'relationship', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ bloodGroup: 'C+' }) }, 'bloodGroup', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ tenantId: 'pb_amritsar!' }) }, 'tenantId', true],
    ['/user/users/_createnovalidate', { user: employeeInput({ type: 'ROBOT' }) }, 'type', true],
    ['/user/citizen/_update', { user: { uuid: 42, name: 'X' } }, 'uuid', true],
    ['/user/users/_updatenovalidate', { user: { uuid: 'CITIZEN_UUID', name: 'No Roles', roles: [] } }, 'roles', true],
    ['/user/profile/_update', { user: { uuid: 'CITIZEN_UUID', emailId: ['a@example.com'] } }, 'emailId', true],
    ['/user/_search', { tenantId: 'pb', pageSize: 'ten' }, 'pageSize', true],
    ['/user/_search', { tenantId: 'pb', pageSize: -1 }, 'pageSize', true],
    ['/user/_search', { tenantId: 'pb', lastChangedSince: 'yesterday' }, 'lastChangedSince', true],
    ['/user/_search', { tenantId: 'pb', roleCodes: { code: 'EMPLOYEE' } }, 'roleCodes', true],
    ['/user/_search', { tenantId: 'pb', active: 'maybe' }, 'active', true],
    ['/user/v1/_search', { tenantId: 'pb', sort: ['password'] }, 'sort', true],
    ['/user/v1/_search', { tenantId: 'pb', sort: ['name; DROP TABLE users'] }, 'sort', true],
    ['/user/citizen/_search', { tenantId: 'pb', uuid: [{ id: 1 }] }, 'uuid', true],
    [
      '/user/password/_update',
      { existingPassword: PASSWORDS.citizen, newPassword: 12345678, tenantId: 'pb', type: 'CITIZEN' },
      'newPassword',
      'citizen',
    ],
    [
      '/user/password/nologin/_update',
      { otpReference: {}, userName: 'x', newPassword: PASSWORDS.reset, tenantId: 'pb', type: 'CITIZEN' },
      'otpReference',
      false,
    ],
    [
      '/user/password/nologin/_update',
      { otpReference: '123456', newPassword: PASSWORDS.reset, tenantId: 'pb', type: 'CITIZEN' },
      'userName',
      false,
    ],
  ] as const)('%s: %j answers 400 naming %s', async (path, body, field, auth) => {
    const token = auth === 'citizen' ? citizen.token : auth ? admin : undefined;
    const withUuid = JSON.parse(JSON.stringify(body).replace(/CITIZEN_UUID/g, citizen.uuid));
    await expectRejected(() => egov.post(path, withUuid, token), 400, { field });
  });

  it('oauth/token refuses a missing or unknown grant type and missing credentials', async () => {
    await expectRejected(
      () => egov.tokenRequest({ username: 'x', password: 'y', tenantId: 'pb', userType: 'CITIZEN' }),
      400,
      { field: 'grant_type' },
    );
    await expectRejected(() => egov.tokenRequest({ grant_type: 'client_credentials', tenantId: 'pb' }), 400, {
      field: 'grant_type',
    });
    await expectRejected(
      () => egov.tokenRequest({ grant_type: 'password', tenantId: 'pb', userType: 'CITIZEN' }),
      [400, 401],
    );
    await expectRejected(() => egov.tokenRequest({ grant_type: 'refresh_token' }), [400, 401]);
  });

  it.each([
    ['too short', 'Ab1@xyz', 'INVALID_PWD_LENGTH'],
    ['too long', 'Abcdefgh1@345678', 'INVALID_PWD_LENGTH'],
    ['no upper case', 'abcdefg1@', 'INVALID_PWD_PATTERN'],
    ['no lower case', 'ABCDEFG1@', 'INVALID_PWD_PATTERN'],
    ['no digit', 'Abcdefgh@', 'INVALID_PWD_PATTERN'],
    ['no special character', 'Abcdefgh12', 'INVALID_PWD_PATTERN'],
    ['whitespace', 'Abc defg1@', 'INVALID_PWD_PATTERN'],
  ])('a password %s (%s) is refused with %s everywhere a password is set', async (_label, password, code) => {
    await expectRejected(
      () => egov.post('/user/users/_createnovalidate', { user: employeeInput({ password }) }, admin),
      400,
      { code },
    );
    await expectRejected(
      () =>
        egov.post(
          '/user/password/_update',
          { existingPassword: PASSWORDS.citizen, newPassword: password, tenantId: 'pb', type: 'CITIZEN' },
          citizen.token,
        ),
      400,
      { code },
    );
    const mobileNumber = newMobile();
    await egov.sendOtp({ mobileNumber, tenantId: 'pb', type: 'register' });
    const otpReference = await roster.otps.next(mobileNumber);
    await expectRejectedNoUser(
      () =>
        egov.post('/user/citizen/_create', {
          user: { name: 'Weak Password', mobileNumber, tenantId: 'pb', password, otpReference },
        }),
      400,
      { code },
    );
  });

  it('a wrong OTP is refused and creates nobody', async () => {
    const mobileNumber = newMobile();
    await egov.sendOtp({ mobileNumber, tenantId: 'pb', type: 'register' });
    const code = await roster.otps.next(mobileNumber);
    const wrong = code === '000000' ? '111111' : '000000';
    await expectRejectedNoUser(
      () =>
        egov.post('/user/citizen/_create', {
          user: { name: 'Wrong Otp', mobileNumber, tenantId: 'pb', otpReference: wrong },
        }),
      400,
      {
        code: 'OTP_INVALID',
        field: 'otpReference',
      },
    );
    await expectRejectedNoUser(
      () =>
        egov.post('/user/citizen/_create', {
          user: { name: 'No Otp', mobileNumber: newMobile(), tenantId: 'pb', otpReference: code },
        }),
      400,
      { code: 'OTP_NOT_FOUND' },
    );
  });

  it('the 6th try of an OTP is refused even with the right code (5 wrong tries)', async () => {
    const mobileNumber = newMobile();
    await egov.sendOtp({ mobileNumber, tenantId: 'pb', type: 'register' });
    const code = await roster.otps.next(mobileNumber);
    const create = (otpReference: string) =>
      egov.post('/user/citizen/_create', { user: { name: 'Many Tries', mobileNumber, tenantId: 'pb', otpReference } });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = String((Number(code) + attempt) % 1_000_000).padStart(6, '0');
      await expectRejectedNoUser(() => create(wrong), 400, { code: 'OTP_INVALID' });
    }
    await expectRejectedNoUser(() => create(code), [400, 429], { code: 'OTP_TOO_MANY_ATTEMPTS' });
  });

  it('a used OTP is refused the second time', async () => {
    const sent = await egov.sendOtp({ mobileNumber: citizen.userName, tenantId: 'pb', type: 'passwordreset' });
    expect(sent.status).toBe(201);
    const otpReference = await roster.otps.next(citizen.userName);
    const reset = (newPassword: string) =>
      egov.post('/user/password/nologin/_update', {
        otpReference,
        userName: citizen.userName,
        newPassword,
        tenantId: 'pb',
        type: 'CITIZEN',
      });
    expect((await reset(PASSWORDS.reset)).status).toBe(200);
    await expectRejectedNoUser(() => reset(PASSWORDS.changed), 400, { code: 'OTP_USED', field: 'otpReference' });
    expectTokenBody(
      await egov.login({ username: citizen.userName, password: PASSWORDS.reset, tenantId: 'pb', userType: 'CITIZEN' }),
    );
  });

  it('OTPs for a user that does not exist (login, passwordreset) are refused', async () => {
    for (const type of ['login', 'passwordreset'] as const) {
      const code = type === 'login' ? 'OTP.UNKNOWN_CREDENTIAL' : 'OTP.UNKNOWN_MOBILE_NUMBER';
      await expectRejectedNoUser(() => egov.sendOtp({ mobileNumber: newMobile(), tenantId: 'pb', type }), 400, {
        code,
        field: 'otp.mobileNumber',
      });
    }
  });

  it('the 6th login after 5 failures is refused even with the right password (423), and earlier tokens are revoked', async () => {
    const user = employeeInput({ name: 'Lara Locked' });
    await createUsers(roster, admin, [user]);
    const earlier = await loginAs(roster, user, PASSWORDS.employee);
    const login = (password: string) =>
      egov.login({ username: String(user.userName), password, tenantId: 'pb.amritsar', userType: 'EMPLOYEE' });

    const before = await headOf(roster.dataDir);
    for (let attempt = 1; attempt <= 5; attempt++)
      expectEgovError(await login(`Wrong${attempt}@Pass`), 401, 'invalid_grant');
    // The port: a locked account answers locked / ACCOUNT_LOCKED before any password is checked.
    expectEgovError(await login(PASSWORDS.employee), 423, 'ACCOUNT_LOCKED');
    expectEgovError(await login('Wrong6@Pass'), 423, 'ACCOUNT_LOCKED');
    expect((await userEventTypesAfter(roster.dataDir, before)).some((event) => event.endsWith('AccountLocked'))).toBe(
      true,
    );

    expectEgovError(await egov.details(earlier), 401);
    expectEgovError(await egov.post('/user/_search', { tenantId: 'pb' }, earlier), 401);
  });

  it('an unknown user is answered exactly like a wrong password', async () => {
    const unknown = await egov.login({
      username: `NOBODY${unique()}`,
      password: PASSWORDS.employee,
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
    });
    const wrong = await egov.login({
      username: citizen.userName,
      password: 'Wrong1@Pass',
      tenantId: 'pb',
      userType: 'CITIZEN',
    });
    expectEgovError(unknown, 401, 'invalid_grant');
    expect({ status: unknown.status, errors: unknown.body.Errors }).toEqual({
      status: wrong.status,
      errors: wrong.body.Errors,
    });
  });

  it('a bulk batch with one bad entry writes nothing, and no reader sees its good entries', async () => {
    const good = employeeInput({ name: 'Good Entry' });
    const bad = employeeInput({ name: 'Bad Entry', gender: 'ROBOT' });
    await expectRejected(() => egov.post('/user/users/_createnovalidate', { users: [good, bad] }, admin), 400, {
      field: 'gender',
    });
    const search = await egov.post('/user/v1/_search', { tenantId: 'pb.amritsar', userName: good.userName }, admin);
    expect(expectUsersEnvelope(search)).toEqual([]);
  });

  it('a bulk batch with an in-batch duplicate userName (any case) writes nothing', async () => {
    const first = employeeInput({ name: 'First Twin' });
    const second = employeeInput({ name: 'Second Twin', userName: String(first.userName).toLowerCase() });
    await expectRejected(
      () => egov.post('/user/users/_createnovalidate', { Users: [first, second] }, admin),
      [400, 409],
    );
    expect(
      uuidsOf(await egov.post('/user/v1/_search', { tenantId: 'pb.amritsar', userName: first.userName }, admin)),
    ).toEqual([]);
  });

  it('a batch over the configured maximum, an unknown role and an existing userName are refused', async () => {
    const tooMany = Array.from({ length: BULK_MAX + 1 }, () => employeeInput());
    await expectRejected(() => egov.post('/user/users/_createnovalidate', { users: tooMany }, admin), 400, {
      field: 'users',
    });
    await expectRejected(
      () =>
        egov.post(
          '/user/users/_createnovalidate',
          { user: employeeInput({ roles: [{ code: 'NO_SUCH_ROLE', tenantId: 'pb.amritsar' }] }) },
          admin,
        ),
      400,
      { code: 'INVALID_ROLE', field: 'roles' },
    );
    const [existing] = await createUsers(roster, admin, [employeeInput()]);
    await expectRejected(
      () => egov.post('/user/users/_createnovalidate', { user: employeeInput({ userName: existing.userName }) }, admin),
      409,
    );
    await expectRejected(
      () =>
        egov.post(
          '/user/users/_updatenovalidate',
          { user: { uuid: existing.uuid, name: 'Bad Role', roles: [{ code: 'NO_SUCH_ROLE', tenantId: 'pb' }] } },
          admin,
        ),
      400,
      { code: 'INVALID_ROLE' },
    );
  });

  it('profile/_update cannot grant roles, change the type or the userName', async () => {
    // The password reset above revoked the citizen's first token.
    const token = tokenOf(
      await egov.login({ username: citizen.userName, password: PASSWORDS.reset, tenantId: 'pb', userType: 'CITIZEN' }),
    );
    const answer = await egov.post(
      '/user/profile/_update',
      {
        user: {
          uuid: citizen.uuid,
          name: 'Sneaky Citizen',
          userName: 'sneaky',
          type: 'SYSTEM',
          roles: [{ code: 'SUPERUSER', tenantId: 'pb' }],
        },
      },
      token,
    );
    if (answer.status !== 200) expectEgovError(answer, 400);
    const details = await egov.details(token);
    expect(details.body).toMatchObject({ uuid: citizen.uuid, userName: citizen.userName, type: 'CITIZEN' });
    expect(details.body.roles.map((role: { code: string }) => role.code)).toEqual(['CITIZEN']);
  });

  it(
    'an OTP past its lifetime is refused as expired',
    async () => {
      await sleep(Math.max(0, expiringSentAt + (OTP_TTL_SECONDS + 1) * 1000 - Date.now()));
      await expectRejectedNoUser(
        () =>
          egov.post('/user/citizen/_create', {
            user: { name: 'Too Late', mobileNumber: expiringMobile, tenantId: 'pb', otpReference: expiringCode },
          }),
        400,
        { code: 'OTP_EXPIRED', field: 'otpReference' },
      );
    },
    (OTP_TTL_SECONDS + 30) * 1000,
  );
});

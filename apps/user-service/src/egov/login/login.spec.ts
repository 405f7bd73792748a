import { randomUUID } from 'node:crypto';
import type { UserImported } from '@roster/domain';
import {
  decideUserNameReservation,
  evolveUser,
  freeUserName,
  initialUserState,
  RequestRejectedError,
  userNameStream,
  userStream,
} from '@roster/domain';
import type { EgovLogin } from '@roster/user-service-contract';
import { AuthenticateEgovHandler } from '../authenticate/authenticate.handler';
import { AuthenticateEgovQuery } from '../authenticate/authenticate.query';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovLoginCommand } from './login.command';
import { EgovLoginHandler } from './login.handler';

const PASSWORD = 'Secret#123';
const MINUTE = 60_000;

describe('egov login (password grant)', () => {
  let fx: EgovFixture;
  let login: EgovLoginHandler;
  let authenticate: AuthenticateEgovHandler;

  beforeEach(() => {
    fx = egovFixture();
    login = new EgovLoginHandler(fx.lookup, fx.clock, fx.updates, fx.tokenGrants, fx.hasher, fx.otp, fx.config);
    authenticate = new AuthenticateEgovHandler(fx.tokenGrants, fx.clock, fx.callers, fx.tokens);
  });
  afterEach(() => fx.store.close());

  const employee = () =>
    fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'clerk',
      password: PASSWORD,
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
    });
  const attempt = (request: Partial<EgovLogin> = {}) =>
    login.execute(
      new EgovLoginCommand({
        userName: 'clerk',
        password: PASSWORD,
        tenantId: 'pb.amritsar',
        userType: 'EMPLOYEE',
        ...request,
      }),
    );
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error,
    );
  const eventTypes = async (userId: string) =>
    (await fx.store.readStream(userStream(userId))).map((event) => event.type);

  it('answers tokens and the user for the right password, and the token authenticates the caller', async () => {
    const user = await employee();
    const grant = await attempt();
    expect(grant.user).toMatchObject({
      uuid: user.id,
      userName: 'clerk',
      type: 'EMPLOYEE',
      roles: [{ code: 'EMPLOYEE', name: 'Employee', tenantId: 'pb.amritsar' }],
    });
    expect(grant.scope).toBe('read');
    const caller = await authenticate.execute(new AuthenticateEgovQuery(grant.accessToken));
    expect(caller).toEqual({
      userId: user.id,
      tenantId: 'pb.amritsar',
      userType: 'EMPLOYEE',
      userName: 'clerk',
      roles: user.roles,
      permissions: ['user:read'],
      trusted: false,
    });
  });

  it('matches the userName case-insensitively', async () => {
    await employee();
    await expect(attempt({ userName: 'CLERK' })).resolves.toMatchObject({ user: { userName: 'clerk' } });
  });

  it('answers an unknown user exactly like a wrong password, after the same hashing work', async () => {
    await employee();
    const unknown = await rejection(attempt({ userName: 'nobody' }));
    expect(fx.hasher.verifiedNothing).toBe(1);
    const wrong = await rejection(attempt({ password: 'Wrong#1234' }));
    for (const error of [unknown, wrong]) {
      expect(error).toBeInstanceOf(RequestRejectedError);
      expect(error).toMatchObject({
        kind: 'unauthorized',
        code: 'invalid_grant',
        message: 'Invalid login credentials',
      });
    }
  });

  it('the user of another tenant or type does not exist for the login', async () => {
    await employee();
    await expect(attempt({ tenantId: 'pb.jalandhar' })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(attempt({ userType: 'SYSTEM' })).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('the 5th failure within 30 minutes locks for 60 minutes: even the right password is refused, then accepted after', async () => {
    const user = await employee();
    for (let n = 0; n < 5; n++) {
      await expect(attempt({ password: 'Wrong#1234' })).rejects.toMatchObject({ code: 'invalid_grant' });
      fx.clock.advance(MINUTE);
    }
    expect(await eventTypes(user.id)).toContain('AccountLocked');
    await expect(attempt()).rejects.toMatchObject({ kind: 'locked', code: 'ACCOUNT_LOCKED' });
    fx.clock.advance(60 * MINUTE);
    await expect(attempt()).resolves.toMatchObject({ user: { accountLocked: false } });
  });

  it('failures spread beyond the window do not lock, and a success clears the count', async () => {
    await employee();
    for (let n = 0; n < 4; n++)
      await expect(attempt({ password: 'Wrong#1234' })).rejects.toMatchObject({ code: 'invalid_grant' });
    await attempt();
    for (let n = 0; n < 4; n++)
      await expect(attempt({ password: 'Wrong#1234' })).rejects.toMatchObject({ code: 'invalid_grant' });
    fx.clock.advance(31 * MINUTE);
    await expect(attempt({ password: 'Wrong#1234' })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(attempt()).resolves.toBeDefined();
  });

  it('a lock revokes the tokens issued before it', async () => {
    await employee();
    const grant = await attempt();
    fx.clock.advance(MINUTE);
    for (let n = 0; n < 5; n++) await expect(attempt({ password: 'Wrong#1234' })).rejects.toBeDefined();
    await expect(authenticate.execute(new AuthenticateEgovQuery(grant.accessToken))).rejects.toMatchObject({
      code: 'InvalidAccessTokenException',
    });
  });

  it('refuses an inactive user and a user without password like a wrong password', async () => {
    await fx.given({ userType: 'EMPLOYEE', tenantId: 'pb', userName: 'gone', password: PASSWORD, active: false });
    await fx.given({ userType: 'EMPLOYEE', tenantId: 'pb', userName: 'nopass' });
    await expect(attempt({ userName: 'gone', tenantId: 'pb' })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(attempt({ userName: 'nopass', tenantId: 'pb' })).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('refuses an expired password after checking it', async () => {
    await employee();
    fx.clock.advance(91 * 24 * 60 * MINUTE);
    await expect(attempt()).rejects.toMatchObject({ code: 'PASSWORD_EXPIRED' });
    await expect(attempt({ password: 'Wrong#1234' })).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  describe('users imported with an older hash (egov-user BCrypt)', () => {
    const imported = async (overrides: { passwordChangedAt?: string | null; passwordExpiryApplies?: boolean } = {}) => {
      const userId = randomUUID();
      const at = fx.clock.now().toISOString();
      const user: UserImported['data'] = {
        userId,
        tenantId: 'pb.amritsar',
        userType: 'EMPLOYEE',
        userName: 'clerk',
        numericId: 4711,
        profile: { firstName: 'Old', lastName: 'Timer' },
        roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
        active: true,
        parentId: null,
        passwordHash: `legacy$${PASSWORD}`,
        passwordChangedAt: at,
        lockedUntil: null,
        otpVerified: false,
        createdBy: null,
        lastModifiedBy: null,
        createdAt: at,
        updatedAt: at,
        source: 'egov',
        at,
        ...overrides,
      };
      await fx.store.appendMany([
        { stream: userStream(userId), events: [{ type: 'UserImported', data: user }], expectedRevision: 'no_stream' },
        {
          stream: userNameStream('pb.amritsar', 'EMPLOYEE', 'clerk'),
          events: decideUserNameReservation(
            { tenantId: 'pb.amritsar', userType: 'EMPLOYEE', userName: 'clerk', userId, at },
            freeUserName,
          ),
          expectedRevision: 'no_stream',
        },
      ]);
      return userId;
    };
    const storedHash = async (userId: string) => {
      const { state } = await fx.store.aggregate(userStream(userId), evolveUser, initialUserState);
      return state.status === 'existing' ? state.passwordHash : null;
    };

    it('log in with their original password, which is re-hashed in the append that records the login', async () => {
      const userId = await imported();
      await expect(attempt()).resolves.toMatchObject({ user: { uuid: userId } });
      const events = await fx.store.readStream(userStream(userId));
      expect(events.map((event) => event.type)).toEqual(['UserImported', 'PasswordRehashed']);
      expect(events[1].data).toEqual({ userId, passwordHash: await fx.hasher.hash(PASSWORD), at: expect.any(String) });
      expect(await storedHash(userId)).toBe(await fx.hasher.hash(PASSWORD));
      // The next login proves the password against the new hash and writes nothing more.
      await expect(attempt()).resolves.toMatchObject({ user: { uuid: userId } });
      expect(await eventTypes(userId)).toEqual(['UserImported', 'PasswordRehashed']);
    });

    it('a wrong password re-hashes nothing and counts as a failure', async () => {
      const userId = await imported();
      await expect(attempt({ password: 'Wrong#1234' })).rejects.toMatchObject({ code: 'invalid_grant' });
      expect(await eventTypes(userId)).toEqual(['UserImported', 'LoginFailed']);
      expect(await storedHash(userId)).toBe(`legacy$${PASSWORD}`);
    });

    it("an egov-user password past egov's expiry still logs in: egov-user never refused one", async () => {
      const longAgo = new Date(fx.clock.now().getTime() - 400 * 24 * 60 * MINUTE).toISOString();
      const userId = await imported({ passwordChangedAt: longAgo, passwordExpiryApplies: false });
      await expect(attempt()).resolves.toMatchObject({ user: { uuid: userId } });
      await expect(attempt()).resolves.toMatchObject({ user: { uuid: userId } });
    });

    it('a re-hash is no password change: the expiry still runs from when the source last set it', async () => {
      const userId = await imported({
        passwordChangedAt: new Date(fx.clock.now().getTime() - 91 * 24 * 60 * MINUTE).toISOString(),
      });
      await expect(attempt()).rejects.toMatchObject({ code: 'PASSWORD_EXPIRED' });
      expect(await eventTypes(userId)).toEqual(['UserImported']);
    });
  });

  describe('citizens', () => {
    const citizen = () =>
      fx.given({
        userType: 'CITIZEN',
        tenantId: 'pb',
        userName: '9876543210',
        profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210' },
      });
    const asCitizen = (password: string, tenantId = 'pb.amritsar') =>
      attempt({ userName: '9876543210', password, tenantId, userType: 'CITIZEN' });

    it('log in at their state-level tenant with a live login OTP, which is then spent and recorded', async () => {
      const user = await citizen();
      await fx.otp.send({ tenantId: 'pb', mobileNumber: '9876543210', purpose: 'login', userType: 'CITIZEN' });
      const code = fx.notifier.lastOtp('9876543210', 'login');
      await expect(asCitizen(code)).resolves.toMatchObject({ user: { uuid: user.id, tenantId: 'pb' } });
      expect(await eventTypes(user.id)).toContain('OtpVerified');
      await expect(asCitizen(code)).rejects.toMatchObject({ code: 'invalid_grant' });
    });

    it('a wrong OTP is a failed login', async () => {
      const user = await citizen();
      await fx.otp.send({ tenantId: 'pb', mobileNumber: '9876543210', purpose: 'login', userType: 'CITIZEN' });
      const wrongCode = fx.notifier.lastOtp('9876543210') === '000000' ? '111111' : '000000';
      await expect(asCitizen(wrongCode)).rejects.toMatchObject({ code: 'invalid_grant' });
      expect(await eventTypes(user.id)).toContain('LoginFailed');
    });
  });
});

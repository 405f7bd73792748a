import type { ExistingUser } from '@roster/domain';
import { userStream } from '@roster/domain';
import { AuthenticateEgovHandler } from '../authenticate/authenticate.handler';
import { AuthenticateEgovQuery } from '../authenticate/authenticate.query';
import { EgovLoginCommand } from '../login/login.command';
import { EgovLoginHandler } from '../login/login.handler';
import { EgovResetPasswordCommand } from '../reset-password/reset-password.command';
import { EgovResetPasswordHandler } from '../reset-password/reset-password.handler';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovChangePasswordCommand } from './change-password.command';
import { EgovChangePasswordHandler } from './change-password.handler';

const OLD = 'Secret#123';
const NEW = 'Better#456';
const MOBILE = '9876543210';

describe('egov password change and reset', () => {
  let fx: EgovFixture;
  let user: ExistingUser;
  let change: EgovChangePasswordHandler;
  let reset: EgovResetPasswordHandler;
  let login: EgovLoginHandler;

  beforeEach(async () => {
    fx = egovFixture();
    change = new EgovChangePasswordHandler(fx.lookup, fx.passwords, fx.clock, fx.updates, fx.hasher);
    reset = new EgovResetPasswordHandler(fx.lookup, fx.passwords, fx.clock, fx.updates, fx.otp);
    login = new EgovLoginHandler(fx.lookup, fx.clock, fx.updates, fx.tokenGrants, fx.hasher, fx.otp, fx.config);
    user = await fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: MOBILE,
      password: OLD,
      profile: { firstName: 'A', lastName: 'R', mobile: MOBILE },
    });
  });
  afterEach(() => fx.store.close());

  const logIn = (password: string) =>
    login.execute(new EgovLoginCommand({ userName: MOBILE, password, tenantId: 'pb.amritsar', userType: 'CITIZEN' }));
  const authenticate = (token: string) =>
    new AuthenticateEgovHandler(fx.tokenGrants, fx.clock, fx.callers, fx.tokens).execute(
      new AuthenticateEgovQuery(token),
    );
  const changeTo = (newPassword: string, existingPassword = OLD) =>
    change.execute(new EgovChangePasswordCommand(fx.callerOf(user), { existingPassword, newPassword }));
  const resetTo = (newPassword: string, otpReference: string, userName = MOBILE) =>
    reset.execute(
      new EgovResetPasswordCommand({ otpReference, userName, newPassword, tenantId: 'pb.amritsar', type: 'CITIZEN' }),
    );

  it('a change needs the existing password, revokes older tokens, and the new password logs in', async () => {
    const grant = await logIn(OLD);
    fx.clock.advance(1000);
    await expect(changeTo(NEW, 'Wrong#1234')).rejects.toMatchObject({
      code: 'INVALID_EXISTING_PASSWORD',
      field: 'existingPassword',
    });
    await changeTo(NEW);
    await expect(authenticate(grant.accessToken)).rejects.toMatchObject({ code: 'InvalidAccessTokenException' });
    await expect(logIn(OLD)).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(logIn(NEW)).resolves.toBeDefined();
  });

  it('a change to a password breaking the policy answers both egov codes', async () => {
    await expect(changeTo('Ab#1')).rejects.toMatchObject({ code: 'INVALID_PWD_LENGTH', field: 'newPassword' });
    await expect(changeTo('abcdefgh1')).rejects.toMatchObject({ code: 'INVALID_PWD_PATTERN', field: 'newPassword' });
  });

  it("a reset spends the passwordreset OTP of the user's number and records it", async () => {
    await fx.otp.send({ tenantId: 'pb', mobileNumber: MOBILE, purpose: 'passwordreset', userType: 'CITIZEN' });
    const code = fx.notifier.lastOtp(MOBILE, 'passwordreset');
    await expect(resetTo('weak', code)).rejects.toMatchObject({ code: 'INVALID_PWD_LENGTH' });
    await resetTo(NEW, code);
    const events = (await fx.store.readStream(userStream(user.id))).map((event) => event.type);
    expect(events.slice(-2)).toEqual(['OtpVerified', 'PasswordChanged']);
    await expect(resetTo('Third#789', code)).rejects.toMatchObject({ code: 'OTP_USED' });
    await expect(logIn(NEW)).resolves.toBeDefined();
  });

  it('an unknown user gets the answer of a number without an OTP; a login OTP does not reset', async () => {
    await expect(resetTo(NEW, '123456', 'nobody')).rejects.toMatchObject({
      code: 'OTP_NOT_FOUND',
      field: 'otpReference',
    });
    await fx.otp.send({ tenantId: 'pb', mobileNumber: MOBILE, purpose: 'login', userType: 'CITIZEN' });
    await expect(resetTo(NEW, fx.notifier.lastOtp(MOBILE, 'login'))).rejects.toMatchObject({ code: 'OTP_NOT_FOUND' });
  });
});

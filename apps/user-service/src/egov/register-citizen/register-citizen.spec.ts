import { userStream } from '@roster/domain';
import type { EgovUserInput } from '@roster/user-service-contract';
import { AuthenticateEgovHandler } from '../authenticate/authenticate.handler';
import { AuthenticateEgovQuery } from '../authenticate/authenticate.query';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovRegisterCitizenCommand } from './register-citizen.command';
import { EgovRegisterCitizenHandler } from './register-citizen.handler';

const MOBILE = '9876543210';

describe('egov citizen registration', () => {
  let fx: EgovFixture;
  let register: EgovRegisterCitizenHandler;

  beforeEach(() => {
    fx = egovFixture();
    register = new EgovRegisterCitizenHandler(
      fx.lookup,
      fx.passwords,
      fx.presenter,
      fx.tokenGrants,
      fx.creation,
      fx.otp,
    );
  });
  afterEach(() => fx.store.close());

  async function codeFor(mobileNumber = MOBILE): Promise<string> {
    await fx.otp.send({ tenantId: 'pb', mobileNumber, purpose: 'register', userType: 'CITIZEN' });
    return fx.notifier.lastOtp(mobileNumber, 'register');
  }
  const input = (otpReference: string, extra: Partial<EgovUserInput> = {}): EgovUserInput => ({
    tenantId: 'pb.amritsar',
    name: 'Asha Kumari Rani',
    profile: { mobile: MOBILE, gender: 'FEMALE' },
    otpReference,
    ...extra,
  });

  it('creates a CITIZEN at the state level with role CITIZEN, userName = mobile, the OTP recorded, and logs it in', async () => {
    const { user, grant } = await register.execute(
      new EgovRegisterCitizenCommand(
        input(await codeFor(), { type: 'EMPLOYEE', password: 'Secret#123' } as Partial<EgovUserInput>),
        true,
      ),
    );
    expect(user).toMatchObject({
      tenantId: 'pb',
      type: 'CITIZEN',
      userName: MOBILE,
      name: 'Asha Kumari Rani',
      profile: { firstName: 'Asha Kumari', lastName: 'Rani', mobile: MOBILE, gender: 'FEMALE' },
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
      active: true,
    });
    expect(user.passwordExpiresAt).not.toBeNull();
    const events = (await fx.store.readStream(userStream(user.uuid))).map((event) => event.type);
    expect(events).toEqual(['UserCreated', 'OtpVerified', 'PasswordChanged']);
    const caller = await new AuthenticateEgovHandler(fx.tokenGrants, fx.clock, fx.callers, fx.tokens).execute(
      new AuthenticateEgovQuery(grant!.accessToken),
    );
    expect(caller).toMatchObject({ userId: user.uuid, userType: 'CITIZEN', tenantId: 'pb' });
  });

  it('without login-on-registration answers no tokens; without a password the user has none', async () => {
    const { user, grant } = await register.execute(
      new EgovRegisterCitizenCommand(input(await codeFor(), { userName: 'asha' }), false),
    );
    expect(grant).toBeNull();
    expect(user).toMatchObject({ userName: 'asha', passwordExpiresAt: null });
  });

  it('a wrong, reused or missing OTP creates nobody', async () => {
    const code = await codeFor();
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(register.execute(new EgovRegisterCitizenCommand(input(wrong), true))).rejects.toMatchObject({
      code: 'OTP_INVALID',
      field: 'otpReference',
    });
    await register.execute(new EgovRegisterCitizenCommand(input(code), true));
    await expect(
      register.execute(new EgovRegisterCitizenCommand(input(code, { userName: 'other' }), true)),
    ).rejects.toMatchObject({ code: 'mobile_number_taken' });
    await expect(register.execute(new EgovRegisterCitizenCommand(input(''), true))).rejects.toMatchObject({
      field: 'otpReference',
    });
  });

  it('an OTP sent to another number does not register this one', async () => {
    const code = await codeFor('9000000000');
    await expect(register.execute(new EgovRegisterCitizenCommand(input(code), true))).rejects.toMatchObject({
      code: 'OTP_NOT_FOUND',
    });
  });

  it('a weak password is refused before the OTP is spent', async () => {
    const code = await codeFor();
    await expect(
      register.execute(new EgovRegisterCitizenCommand(input(code, { password: 'short' }), true)),
    ).rejects.toMatchObject({ code: 'INVALID_PWD_LENGTH' });
    await expect(register.execute(new EgovRegisterCitizenCommand(input(code), true))).resolves.toBeDefined();
  });
});

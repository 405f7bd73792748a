import { OtpPurpose } from '@roster/domain';
import { EgovFixture, egovFixture } from '../testing/egov-fixture';
import { EgovSendOtpCommand } from './send-otp.command';
import { EgovSendOtpHandler } from './send-otp.handler';

describe('egov OTP send', () => {
  let fx: EgovFixture;
  let sendOtp: EgovSendOtpHandler;

  beforeEach(() => {
    fx = egovFixture();
    sendOtp = new EgovSendOtpHandler(fx.users, fx.otp);
  });
  afterEach(() => fx.store.close());

  const send = (purpose: OtpPurpose, mobileNumber = '9876543210', tenantId = 'pb.amritsar') =>
    sendOtp.execute(new EgovSendOtpCommand({ tenantId, mobileNumber, purpose, userType: 'CITIZEN' }));
  const citizen = () =>
    fx.given({ userType: 'CITIZEN', tenantId: 'pb', userName: 'asha', profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210' } });

  it('register: sends a code for a free number at the state level, refuses a registered one', async () => {
    await send('register');
    expect(fx.notifier.sent).toMatchObject([{ kind: 'otp', tenantId: 'pb', mobileNumber: '9876543210' }]);
    await citizen();
    await expect(send('register')).rejects.toMatchObject({ kind: 'conflict', code: 'USER_ALREADY_EXISTS' });
  });

  it('a number used as a userName counts as registered', async () => {
    await fx.given({ userType: 'CITIZEN', tenantId: 'pb', userName: '9999999999' });
    await expect(send('register', '9999999999')).rejects.toMatchObject({ code: 'USER_ALREADY_EXISTS' });
  });

  it.each<OtpPurpose>(['login', 'passwordreset'])('%s: sends to a registered citizen, refuses an unknown number with one answer', async (purpose) => {
    await expect(send(purpose)).rejects.toMatchObject({ kind: 'not_found', code: 'USER_NOT_FOUND', message: 'no user with this mobile number exists' });
    expect(fx.notifier.sent).toHaveLength(0);
    await citizen();
    await send(purpose);
    expect(fx.notifier.lastOtp('9876543210', purpose)).toMatch(/^[0-9]{6}$/);
  });

  it('another state does not share citizens', async () => {
    await citizen();
    await expect(send('login', '9876543210', 'hr.gurgaon')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(send('register', '9876543210', 'hr')).resolves.toBeUndefined();
  });
});

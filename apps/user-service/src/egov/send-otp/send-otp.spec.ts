import type { OtpPurpose, UserType } from '@roster/domain';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { EgovSearchUsersHandler } from '../search-users/search-users.handler';
import type { EgovFixture } from '../testing/egov-fixture';
import { egovFixture } from '../testing/egov-fixture';
import { EgovSendOtpCommand } from './send-otp.command';
import { EgovSendOtpHandler } from './send-otp.handler';

describe('egov OTP send (user-otp)', () => {
  let fx: EgovFixture;
  let readModel: SqliteUserReadModel;
  let sendOtp: EgovSendOtpHandler;

  beforeEach(() => {
    fx = egovFixture();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
    const search = new EgovSearchUsersHandler(
      readModel,
      fx.store,
      new ReadModelFreshness(readModel, fx.store, fx.config),
      fx.presenter,
      fx.lookup,
    );
    sendOtp = new EgovSendOtpHandler(fx.lookup, fx.otp, search);
  });
  afterEach(async () => {
    await readModel.close();
    await fx.store.close();
  });

  const project = async () => readModel.apply(await fx.store.readAll(null, 10_000));
  const send = (
    purpose: OtpPurpose,
    mobileNumber = '9876543210',
    tenantId = 'pb.amritsar',
    userType: UserType | null = 'CITIZEN',
  ) => sendOtp.execute(new EgovSendOtpCommand({ tenantId, mobileNumber, purpose, userType }));
  const citizen = () =>
    fx.given({
      userType: 'CITIZEN',
      tenantId: 'pb',
      userName: 'asha',
      profile: { firstName: 'Asha', lastName: 'Rani', mobile: '9876543210' },
    });

  it("register: sends a code for a free number at the state level, refuses a registered one with user-otp's code", async () => {
    await send('register');
    expect(fx.notifier.sent).toMatchObject([{ kind: 'otp', tenantId: 'pb', mobileNumber: '9876543210' }]);
    await citizen();
    await expect(send('register')).rejects.toMatchObject({
      kind: 'invalid',
      code: 'OTP.MOBILENUMBER',
      field: 'mobileNumber',
    });
  });

  it('a number used as a userName counts as registered', async () => {
    await fx.given({ userType: 'CITIZEN', tenantId: 'pb', userName: '9999999999' });
    await expect(send('register', '9999999999')).rejects.toMatchObject({ code: 'OTP.MOBILENUMBER' });
  });

  it.each<[OtpPurpose, string, string]>([
    ['login', 'OTP.UNKNOWN_CREDENTIAL', 'No such username or password'],
    ['passwordreset', 'OTP.UNKNOWN_MOBILE_NUMBER', 'Mobile number is unknown.'],
  ])(
    '%s: sends to a registered citizen, refuses an unknown number as user-otp does',
    async (purpose, code, message) => {
      await expect(send(purpose)).rejects.toMatchObject({ kind: 'invalid', code, message });
      expect(fx.notifier.sent).toHaveLength(0);
      await citizen();
      await send(purpose);
      expect(fx.notifier.lastOtp('9876543210', purpose)).toMatch(/^[0-9]{6}$/);
    },
  );

  it('finds an employee by its mobile number in its own tenant, though its userName is the employee code', async () => {
    const employee = await fx.given({
      userType: 'EMPLOYEE',
      tenantId: 'pb.amritsar',
      userName: 'EMP-107-000011',
      profile: { firstName: 'Ravi', lastName: 'Kumar', mobile: '9123456780' },
    });
    await project();
    await send('passwordreset', '9123456780', 'pb.amritsar', 'EMPLOYEE');
    expect(fx.notifier.sent).toMatchObject([
      { kind: 'otp', tenantId: employee.tenantId, mobileNumber: '9123456780', purpose: 'passwordreset' },
    ]);
    await expect(send('passwordreset', '9123456780', 'pb.jalandhar', 'EMPLOYEE')).rejects.toMatchObject({
      code: 'OTP.UNKNOWN_MOBILE_NUMBER',
    });
    await expect(send('login', '9123456780', 'pb.amritsar', 'CITIZEN')).rejects.toMatchObject({
      code: 'OTP.UNKNOWN_CREDENTIAL',
    });
  });

  it('a passwordreset for a user found by userName but without a mobile number says so', async () => {
    await fx.given({ userType: 'CITIZEN', tenantId: 'pb', userName: '9555555555' });
    await expect(send('passwordreset', '9555555555')).rejects.toMatchObject({
      code: 'OTP.MOBILE_NUMBER',
      message: 'MobileNumber Not Found For This User.',
    });
  });

  it('another state does not share citizens', async () => {
    await citizen();
    await expect(send('login', '9876543210', 'hr.gurgaon')).rejects.toMatchObject({ code: 'OTP.UNKNOWN_CREDENTIAL' });
    await expect(send('register', '9876543210', 'hr')).resolves.toBeUndefined();
  });
});

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OtpService } from '../../auth/ports';
import { invalid, weakPassword } from '../egov-errors';
import { Clock } from '../../clock';
import { EgovPasswords } from '../egov-passwords';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserUpdates } from '../egov-user-updates';
import { otpNumberOf } from '../send-otp/send-otp.handler';
import { EgovResetPasswordCommand } from './reset-password.command';

/**
 * `/user/password/nologin/_update`: a forgotten password replaced with the `passwordreset` OTP sent to the
 * user's number. An unknown user gets the answer of a number no OTP was sent to, which is what it is.
 */
@CommandHandler(EgovResetPasswordCommand)
export class EgovResetPasswordHandler implements ICommandHandler<EgovResetPasswordCommand, void> {
  constructor(
    private readonly lookup: EgovUserLookup,
    private readonly passwords: EgovPasswords,
    private readonly clock: Clock,
    private readonly updates: EgovUserUpdates,
    private readonly otp: OtpService,
  ) {}

  async execute({ request }: EgovResetPasswordCommand): Promise<void> {
    // The policy first, so a weak new password does not cost the user its code.
    const weak = weakPassword(request.newPassword, 'newPassword');
    if (weak) throw weak;
    const found = await this.lookup.findByUserName(request.tenantId, request.type, request.userName);
    const mobileNumber = found ? (otpNumberOf(found) ?? found.state.userName) : null;
    if (!found || !mobileNumber)
      throw invalid('OTP_NOT_FOUND', 'no OTP was sent to this mobile number for this purpose', 'otpReference');
    await this.otp.consume({
      tenantId: found.state.tenantId,
      mobileNumber,
      purpose: 'passwordreset',
      code: request.otpReference,
    });
    const passwordHash = await this.passwords.hash(request.newPassword, 'newPassword');
    const at = this.clock.now().toISOString();
    await this.updates.update(found.state.id, [
      (user) => ({
        type: 'ChangePassword',
        data: {
          userId: user.id,
          tenantId: user.tenantId,
          passwordHash,
          reason: 'reset',
          verifiedOtp: { mobileNumber, purpose: 'passwordreset' },
          at,
        },
      }),
    ]);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OtpService } from '../../auth/ports';
import { invalid, weakPassword } from '../egov-errors';
import { EgovUsers } from '../egov-users';
import { otpNumberOf } from '../send-otp/send-otp.handler';
import { EgovResetPasswordCommand } from './reset-password.command';

/**
 * `/user/password/nologin/_update`: a forgotten password replaced with the `passwordreset` OTP sent to the
 * user's number. An unknown user gets the answer of a number no OTP was sent to, which is what it is.
 */
@CommandHandler(EgovResetPasswordCommand)
export class EgovResetPasswordHandler implements ICommandHandler<EgovResetPasswordCommand, void> {
  constructor(
    private readonly users: EgovUsers,
    private readonly otp: OtpService,
  ) {}

  async execute({ request }: EgovResetPasswordCommand): Promise<void> {
    // The policy first, so a weak new password does not cost the user its code.
    const weak = weakPassword(request.newPassword, 'newPassword');
    if (weak) throw weak;
    const found = await this.users.findByUserName(request.tenantId, request.type, request.userName);
    const mobileNumber = found ? (otpNumberOf(found) ?? found.state.userName) : null;
    if (!found || !mobileNumber) throw invalid('OTP_NOT_FOUND', 'no OTP was sent to this mobile number for this purpose', 'otpReference');
    await this.otp.consume({ tenantId: found.state.tenantId, mobileNumber, purpose: 'passwordreset', code: request.otpReference });
    const passwordHash = await this.users.hashPassword(request.newPassword, 'newPassword');
    const at = this.users.now().toISOString();
    await this.users.update(found.state.id, [
      (user) => ({
        type: 'ChangePassword',
        data: { userId: user.id, tenantId: user.tenantId, passwordHash, reason: 'reset', verifiedOtp: { mobileNumber, purpose: 'passwordreset' }, at },
      }),
    ]);
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RequestRejectedError, UserType } from '@roster/domain';
import { OtpService } from '../../auth/ports';
import { EgovUsers, FoundUser, tenantOfType } from '../egov-users';
import { EgovSendOtpCommand } from './send-otp.command';

/**
 * `/user-otp/v1/_send`. As egov-user: `register` fails when the number is already registered, `login` and
 * `passwordreset` when nobody holds it. Those two answers are all it tells (the same two egov-user gives,
 * nothing about the user's state), and the OTP service's send limit per number bounds how fast anyone can ask.
 */
@CommandHandler(EgovSendOtpCommand)
export class EgovSendOtpHandler implements ICommandHandler<EgovSendOtpCommand, void> {
  constructor(
    private readonly users: EgovUsers,
    private readonly otp: OtpService,
  ) {}

  async execute({ request }: EgovSendOtpCommand): Promise<void> {
    const tenantId = tenantOfType(request.userType, request.tenantId);
    const holder = await this.holderOf(tenantId, request.userType, request.mobileNumber);
    if (request.purpose === 'register') {
      if (holder) throw new RequestRejectedError('conflict', 'USER_ALREADY_EXISTS', 'a user with this mobile number already exists', 'mobileNumber');
      await this.otp.send({ ...request, tenantId });
      return;
    }
    if (!holder) throw new RequestRejectedError('not_found', 'USER_NOT_FOUND', 'no user with this mobile number exists', 'mobileNumber');
    // The code goes where login and reset will look for it: the holder's tenant and number.
    await this.otp.send({ ...request, tenantId: holder.state.tenantId, mobileNumber: otpNumberOf(holder) ?? request.mobileNumber });
  }

  /** egov-user looks the number up as a userName (citizens' default); a citizen's registered number counts too. */
  private async holderOf(tenantId: string, userType: UserType, mobileNumber: string): Promise<FoundUser | null> {
    const byUserName = await this.users.findByUserName(tenantId, userType, mobileNumber);
    if (byUserName || userType !== 'CITIZEN') return byUserName;
    return this.users.findCitizenByMobile(tenantId, mobileNumber);
  }
}

/** The number a user's login and reset codes are sent to and checked against. */
export function otpNumberOf(user: FoundUser): string | null {
  return user.state.profile.mobile?.trim() || null;
}

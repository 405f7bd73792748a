import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RequestRejectedError, stateTenantOf, UserType } from '@roster/domain';
import { EgovSendOtpRequest, IN_CLUSTER_SERVICE } from '@roster/user-service-contract';
import { OtpService } from '../../auth/ports';
import { EgovUserLookup, FoundUser } from '../egov-user-lookup';
import { EgovSearchUsersQuery } from '../search-users/search-users.query';
import { EgovSearchUsersHandler } from '../search-users/search-users.handler';
import { EgovSendOtpCommand } from './send-otp.command';

/**
 * `/user-otp/v1/_send`, as DIGIT's user-otp: `register` fails when the number is already registered, `login`
 * and `passwordreset` when no active user of that type holds it, with user-otp's codes and messages (the DIGIT
 * UI shows them). The user is found as user-otp finds it: by `{tenantId, userType, mobileNumber}` (an
 * employee's userName is its code, not its number), employees in their own tenant, everyone else at the state
 * level. Those answers are all it tells, and the OTP service's send limit per number bounds how fast anyone asks.
 */
@CommandHandler(EgovSendOtpCommand)
export class EgovSendOtpHandler implements ICommandHandler<EgovSendOtpCommand, void> {
  constructor(
    private readonly lookup: EgovUserLookup,
    private readonly otp: OtpService,
    private readonly search: EgovSearchUsersHandler,
  ) {}

  async execute({ request }: EgovSendOtpCommand): Promise<void> {
    const { purpose, mobileNumber } = request;
    const holder = await this.holderOf(request);
    if (purpose === 'register') {
      if (holder)
        throw otpRefused(
          'OTP.MOBILENUMBER',
          'This MobileNumber Already Register as UserName in System. Pls try Another UserName',
        );
      await this.otp.send({ tenantId: stateTenantOf(request.tenantId), mobileNumber, purpose, userType: 'CITIZEN' });
      return;
    }
    if (!holder) {
      throw purpose === 'login'
        ? otpRefused('OTP.UNKNOWN_CREDENTIAL', 'No such username or password')
        : otpRefused('OTP.UNKNOWN_MOBILE_NUMBER', 'Mobile number is unknown.');
    }
    const number = otpNumberOf(holder);
    if (!number) throw otpRefused('OTP.MOBILE_NUMBER', 'MobileNumber Not Found For This User.');
    // The code goes where login and reset will look for it: the holder's tenant and number.
    await this.otp.send({
      tenantId: holder.state.tenantId,
      mobileNumber: number,
      purpose,
      userType: holder.state.userType,
    });
  }

  /**
   * A citizen's number is reserved (the write side knows its holder without waiting for the projector); other
   * users are searched by number, as user-otp does. A userName equal to the number counts too (older user-otp).
   */
  private async holderOf({ tenantId, userType, mobileNumber }: EgovSendOtpRequest): Promise<FoundUser | null> {
    const tenant = userType === 'EMPLOYEE' ? tenantId : stateTenantOf(tenantId);
    if (userType === null || userType === 'CITIZEN') {
      const citizen = await this.lookup.findCitizenByMobile(tenant, mobileNumber);
      if (citizen) return citizen;
    }
    if (userType !== 'CITIZEN') {
      const found = await this.searchByMobileNumber(tenant, userType, mobileNumber);
      if (found) return found;
    }
    return this.lookup.findByUserName(tenant, userType ?? 'CITIZEN', mobileNumber);
  }

  private async searchByMobileNumber(
    tenantId: string,
    userType: UserType | null,
    mobileNumber: string,
  ): Promise<FoundUser | null> {
    const criteria = { tenantId, mobileNumber, active: true, pageSize: 1, pageNumber: 0, sort: [] };
    const [first] = await this.search.execute(
      new EgovSearchUsersQuery(
        // user-otp looks users up through egov-user's search as an in-cluster service: no user, no permission check.
        IN_CLUSTER_SERVICE,
        userType ? { ...criteria, userType } : criteria,
      ),
    );
    return first ? this.lookup.find(first.uuid) : null;
  }
}

/** user-otp answers these as 400 with the code and message of its error contract. */
function otpRefused(code: string, message: string): RequestRejectedError {
  return new RequestRejectedError('invalid', code, message, 'mobileNumber');
}

/** The number a user's login and reset codes are sent to and checked against. */
export function otpNumberOf(user: FoundUser): string | null {
  return user.state.profile.mobile?.trim() || null;
}

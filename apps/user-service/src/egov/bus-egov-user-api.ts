import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { UserType } from '@roster/domain';
import {
  EgovCaller,
  EgovLogin,
  EgovSearchCriteria,
  EgovSendOtpRequest,
  EgovTokenGrant,
  EgovUpdateMode,
  EgovUserApi,
  EgovUserInput,
  EgovUserRecord,
} from '@roster/user-service-contract';
import { AuthenticateEgovQuery } from './authenticate/authenticate.query';
import { EgovChangePasswordCommand } from './change-password/change-password.command';
import { EgovCreateUsersCommand } from './create-users/create-users.command';
import { EgovDetailsQuery } from './details/details.query';
import { EgovLoginCommand } from './login/login.command';
import { EgovLogoutCommand } from './logout/logout.command';
import { EgovRefreshCommand } from './refresh/refresh.command';
import { EgovRegisterCitizenCommand } from './register-citizen/register-citizen.command';
import { EgovResetPasswordCommand } from './reset-password/reset-password.command';
import { EgovSearchUsersQuery } from './search-users/search-users.query';
import { EgovSendOtpCommand } from './send-otp/send-otp.command';
import { EgovUpdateUserCommand } from './update-user/update-user.command';

/** The egov face over the user-service's command and query buses: used in-process and behind the TCP transport. */
@Injectable()
export class BusEgovUserApi extends EgovUserApi {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    super();
  }

  authenticate(accessToken: string): Promise<EgovCaller> {
    return this.queries.execute(new AuthenticateEgovQuery(accessToken));
  }

  sendOtp(request: EgovSendOtpRequest): Promise<void> {
    return this.commands.execute(new EgovSendOtpCommand(request));
  }

  registerCitizen(input: EgovUserInput, login: boolean): Promise<{ user: EgovUserRecord; grant: EgovTokenGrant | null }> {
    return this.commands.execute(new EgovRegisterCitizenCommand(input, login));
  }

  createUsers(caller: EgovCaller, inputs: EgovUserInput[]): Promise<EgovUserRecord[]> {
    return this.commands.execute(new EgovCreateUsersCommand(caller, inputs));
  }

  updateUser(caller: EgovCaller, input: EgovUserInput, mode: EgovUpdateMode): Promise<EgovUserRecord> {
    return this.commands.execute(new EgovUpdateUserCommand(caller, input, mode));
  }

  searchUsers(caller: EgovCaller, criteria: EgovSearchCriteria): Promise<EgovUserRecord[]> {
    return this.queries.execute(new EgovSearchUsersQuery(caller, criteria));
  }

  changePassword(caller: EgovCaller, request: { existingPassword: string; newPassword: string }): Promise<void> {
    return this.commands.execute(new EgovChangePasswordCommand(caller, request));
  }

  resetPassword(request: { otpReference: string; userName: string; newPassword: string; tenantId: string; type: UserType }): Promise<void> {
    return this.commands.execute(new EgovResetPasswordCommand(request));
  }

  login(request: EgovLogin): Promise<EgovTokenGrant> {
    return this.commands.execute(new EgovLoginCommand(request));
  }

  refresh(refreshToken: string): Promise<EgovTokenGrant> {
    return this.commands.execute(new EgovRefreshCommand(refreshToken));
  }

  details(accessToken: string): Promise<EgovUserRecord> {
    return this.queries.execute(new EgovDetailsQuery(accessToken));
  }

  logout(accessToken: string): Promise<void> {
    return this.commands.execute(new EgovLogoutCommand(accessToken));
  }
}

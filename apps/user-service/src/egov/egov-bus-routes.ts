import type { EgovUserApi } from '@roster/user-service-contract';
import type { BusRoutes } from '../api/bus-routes';
import { command, query } from '../api/bus-routes';
import { AuthenticateEgovHandler } from './authenticate/authenticate.handler';
import { AuthenticateEgovQuery } from './authenticate/authenticate.query';
import { EgovChangePasswordCommand } from './change-password/change-password.command';
import { EgovChangePasswordHandler } from './change-password/change-password.handler';
import { EgovCreateUsersCommand } from './create-users/create-users.command';
import { EgovCreateUsersHandler } from './create-users/create-users.handler';
import { EgovDetailsHandler } from './details/details.handler';
import { EgovDetailsQuery } from './details/details.query';
import { EgovLoginCommand } from './login/login.command';
import { EgovLoginHandler } from './login/login.handler';
import { EgovLogoutCommand } from './logout/logout.command';
import { EgovLogoutHandler } from './logout/logout.handler';
import { EgovRefreshCommand } from './refresh/refresh.command';
import { EgovRefreshHandler } from './refresh/refresh.handler';
import { EgovRegisterCitizenCommand } from './register-citizen/register-citizen.command';
import { EgovRegisterCitizenHandler } from './register-citizen/register-citizen.handler';
import { EgovResetPasswordCommand } from './reset-password/reset-password.command';
import { EgovResetPasswordHandler } from './reset-password/reset-password.handler';
import { EgovSearchUsersHandler } from './search-users/search-users.handler';
import { EgovSearchUsersQuery } from './search-users/search-users.query';
import { EgovSendOtpCommand } from './send-otp/send-otp.command';
import { EgovSendOtpHandler } from './send-otp/send-otp.handler';
import { EgovUpdateUserCommand } from './update-user/update-user.command';
import { EgovUpdateUserHandler } from './update-user/update-user.handler';

/** The egov face over the user-service's command and query buses. */
export const EGOV_BUS_ROUTES: BusRoutes<EgovUserApi> = {
  authenticate: query(AuthenticateEgovHandler, (accessToken) => new AuthenticateEgovQuery(accessToken)),
  sendOtp: command(EgovSendOtpHandler, (request) => new EgovSendOtpCommand(request)),
  registerCitizen: command(EgovRegisterCitizenHandler, (input, login) => new EgovRegisterCitizenCommand(input, login)),
  createUsers: command(
    EgovCreateUsersHandler,
    (caller, inputs, idempotencyKey) => new EgovCreateUsersCommand(caller, inputs, idempotencyKey),
  ),
  updateUser: command(EgovUpdateUserHandler, (caller, input, mode) => new EgovUpdateUserCommand(caller, input, mode)),
  searchUsers: query(EgovSearchUsersHandler, (caller, criteria) => new EgovSearchUsersQuery(caller, criteria)),
  changePassword: command(
    EgovChangePasswordHandler,
    (caller, request) => new EgovChangePasswordCommand(caller, request),
  ),
  resetPassword: command(EgovResetPasswordHandler, (request) => new EgovResetPasswordCommand(request)),
  login: command(EgovLoginHandler, (request) => new EgovLoginCommand(request)),
  refresh: command(EgovRefreshHandler, (refreshToken) => new EgovRefreshCommand(refreshToken)),
  details: query(EgovDetailsHandler, (accessToken) => new EgovDetailsQuery(accessToken)),
  logout: command(EgovLogoutHandler, (accessToken) => new EgovLogoutCommand(accessToken)),
};

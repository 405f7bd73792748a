import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthenticateApiKeyHandler } from './api-keys/authenticate-api-key.handler';
import { BootstrapApiKey } from './api-keys/bootstrap-api-key';
import { BusUserServiceApi } from './api/bus-user-service-api';
import { Clock, SystemClock } from './clock';
import { ReadModelFreshness } from './consistency/read-model-freshness';
import { CreateUserHandler } from './users/create-user/create-user.handler';
import { GetUserHandler } from './users/get-user/get-user.handler';
import { ListRelativesHandler } from './users/list-relatives/list-relatives.handler';
import { ListUsersHandler } from './users/list-users/list-users.handler';
import { SearchUsersHandler } from './users/search-users/search-users.handler';
import { UpdateUserHandler } from './users/update-user/update-user.handler';
import { NumericIdLookup } from './users/numeric-id-lookup';
import { NumericIds } from './users/numeric-ids';
import { UserStreams } from './users/user-streams';
import { Reservations } from './users/reservations';
import { CheckHealthHandler } from './health/check-health.handler';
import { AuthModule } from './auth/auth.module';
import { AuthenticateEgovHandler } from './egov/authenticate/authenticate.handler';
import { BootstrapAdmin } from './egov/bootstrap-admin';
import { BusEgovUserApi } from './egov/bus-egov-user-api';
import { EgovChangePasswordHandler } from './egov/change-password/change-password.handler';
import { EgovCreateUsersHandler } from './egov/create-users/create-users.handler';
import { EgovDetailsHandler } from './egov/details/details.handler';
import { EgovCallers } from './egov/egov-callers';
import { EgovPasswords } from './egov/egov-passwords';
import { EgovTokenGrants } from './egov/egov-token-grants';
import { EgovUserLookup } from './egov/egov-user-lookup';
import { EgovUserPresenter } from './egov/egov-user-presenter';
import { EgovUserUpdates } from './egov/egov-user-updates';
import { EgovLoginHandler } from './egov/login/login.handler';
import { EgovLogoutHandler } from './egov/logout/logout.handler';
import { EgovRefreshHandler } from './egov/refresh/refresh.handler';
import { EgovRegisterCitizenHandler } from './egov/register-citizen/register-citizen.handler';
import { EgovResetPasswordHandler } from './egov/reset-password/reset-password.handler';
import { EgovSearchUsersHandler } from './egov/search-users/search-users.handler';
import { EgovSendOtpHandler } from './egov/send-otp/send-otp.handler';
import { EgovUpdateUserHandler } from './egov/update-user/update-user.handler';
import { UserCreation } from './egov/user-creation';

const commandHandlers = [CreateUserHandler, UpdateUserHandler];
const queryHandlers = [GetUserHandler, ListUsersHandler, SearchUsersHandler, ListRelativesHandler, AuthenticateApiKeyHandler, CheckHealthHandler];
const egovCommandHandlers = [
  EgovSendOtpHandler,
  EgovRegisterCitizenHandler,
  EgovCreateUsersHandler,
  EgovUpdateUserHandler,
  EgovChangePasswordHandler,
  EgovResetPasswordHandler,
  EgovLoginHandler,
  EgovRefreshHandler,
  EgovLogoutHandler,
];
const egovQueryHandlers = [AuthenticateEgovHandler, EgovDetailsHandler, EgovSearchUsersHandler];

/**
 * The write and query side, both faces (nCore and egov). Needs EventStore and UserReadModel from a stores
 * module (StoresModule in production, in-memory ones in tests) and RosterConfig.
 */
@Module({
  imports: [CqrsModule.forRoot(), AuthModule],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    ...egovCommandHandlers,
    ...egovQueryHandlers,
    EgovUserLookup,
    EgovUserUpdates,
    EgovUserPresenter,
    EgovTokenGrants,
    EgovCallers,
    EgovPasswords,
    UserCreation,
    BusEgovUserApi,
    BootstrapAdmin,
    UserStreams,
    NumericIds,
    NumericIdLookup,
    Reservations,
    ReadModelFreshness,
    BootstrapApiKey,
    BusUserServiceApi,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [CqrsModule, BusUserServiceApi, BusEgovUserApi],
})
export class UserServiceModule {}

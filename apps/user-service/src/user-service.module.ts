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
import { UserStreams } from './users/user-streams';
import { UserNameReservationReader } from './users/create-user/user-name-reservation.reader';
import { CheckHealthHandler } from './health/check-health.handler';

const commandHandlers = [CreateUserHandler, UpdateUserHandler];
const queryHandlers = [GetUserHandler, ListUsersHandler, SearchUsersHandler, ListRelativesHandler, AuthenticateApiKeyHandler, CheckHealthHandler];

/**
 * The write and query side. Needs EventStore and UserReadModel from a stores module (StoresModule in
 * production, in-memory ones in tests).
 */
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    UserStreams,
    UserNameReservationReader,
    ReadModelFreshness,
    BootstrapApiKey,
    BusUserServiceApi,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [CqrsModule, BusUserServiceApi],
})
export class UserServiceModule {}

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BootstrapApiKey } from './api-keys/bootstrap-api-key';
import { Clock, SystemClock } from './clock';
import { ReadModelFreshness } from './consistency/read-model-freshness';
import { NumericIdLookup } from './users/numeric-id-lookup';
import { NumericIds } from './users/numeric-ids';
import { UserStreams } from './users/user-streams';
import { Reservations } from './users/reservations';
import { AuthModule } from './auth/auth.module';
import { BootstrapAdmin } from './egov/bootstrap-admin';
import { EgovCallers } from './egov/egov-callers';
import { EgovPasswords } from './egov/egov-passwords';
import { EgovTokenGrants } from './egov/egov-token-grants';
import { EgovUserLookup } from './egov/egov-user-lookup';
import { EgovUserPresenter } from './egov/egov-user-presenter';
import { EgovUserUpdates } from './egov/egov-user-updates';
import { IdempotentRequests } from './idempotency/idempotent-requests';
import { UserCreation } from './egov/user-creation';
import { EGOV_BUS_ROUTES } from './egov/egov-bus-routes';
import { handlersOf } from './api/bus-routes';
import { IN_PROCESS_APIS } from './api/in-process-apis';
import { USER_SERVICE_BUS_ROUTES } from './api/user-service-bus-routes';
import { EgovUserApi, UserServiceApi } from '@roster/user-service-contract';

/**
 * The write and query side, both faces (nCore and egov). Needs EventStore and UserReadModel from a stores
 * module (StoresModule in production, in-memory ones in tests) and RosterConfig.
 */
@Module({
  imports: [CqrsModule.forRoot(), AuthModule],
  providers: [
    ...handlersOf(USER_SERVICE_BUS_ROUTES),
    ...handlersOf(EGOV_BUS_ROUTES),
    ...IN_PROCESS_APIS,
    EgovUserLookup,
    EgovUserUpdates,
    EgovUserPresenter,
    EgovTokenGrants,
    EgovCallers,
    EgovPasswords,
    UserCreation,
    BootstrapAdmin,
    UserStreams,
    NumericIds,
    NumericIdLookup,
    Reservations,
    IdempotentRequests,
    ReadModelFreshness,
    BootstrapApiKey,
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [CqrsModule, UserServiceApi, EgovUserApi],
})
export class UserServiceModule {}

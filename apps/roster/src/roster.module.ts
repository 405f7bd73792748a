import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, RosterConfig } from '@roster/config';
import { GatewayModule } from '@roster/gateway';
import { ProjectorModule } from '@roster/projector';
import { RelayModule } from '@roster/relay';
import { ConnectedStores, StoresModule } from '@roster/stores';
import { IN_PROCESS_APIS, UserServiceModule } from '@roster/user-service';

/**
 * Which roles one process of the all-in-one Roster runs: `all` of them (ROSTER_WORKERS=1); with several workers,
 * each worker serves `http` (gateway and user-service) and the primary runs the log's `followers` (projector, relay).
 */
export type RosterRoles = 'all' | 'http' | 'followers';

/** The process roles of the all-in-one Roster, on the stores the config names (embedded SQLite by default). */
@Module({})
export class RosterModule {
  static forRoot(config: RosterConfig, stores: ConnectedStores, roles: RosterRoles = 'all'): DynamicModule {
    const http = roles !== 'followers' ? [UserServiceModule, GatewayModule.withApis(IN_PROCESS_APIS)] : [];
    // The relay runs only when Kafka is configured.
    const followers = roles !== 'http' ? [ProjectorModule, ...(config.kafka ? [RelayModule] : [])] : [];
    return {
      module: RosterModule,
      imports: [ConfigModule.forRoot(config), StoresModule.forRoot(stores), ...http, ...followers],
    };
  }
}

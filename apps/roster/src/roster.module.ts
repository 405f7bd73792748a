import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, RosterConfig } from '@roster/config';
import { GatewayModule } from '@roster/gateway';
import { ConnectedStores, StoresModule } from '@roster/stores';
import { IN_PROCESS_APIS, UserServiceModule } from '@roster/user-service';
import { FollowersModule } from './followers.module';

/**
 * Which roles one process of the all-in-one Roster runs: `all` of them (ROSTER_WORKERS=1), or, in each of several
 * HTTP workers, `http` (gateway and user-service); the primary of those runs the log's followers (FollowersModule).
 */
export type RosterRoles = 'all' | 'http';

/** The process roles of the all-in-one Roster, on the stores the config names (embedded SQLite by default). */
@Module({})
export class RosterModule {
  static forRoot(config: RosterConfig, stores: ConnectedStores, roles: RosterRoles = 'all'): DynamicModule {
    const followers = roles === 'all' ? [FollowersModule.forRoot(config)] : [];
    return {
      module: RosterModule,
      imports: [
        ConfigModule.forRoot(config),
        StoresModule.forRoot(stores),
        UserServiceModule,
        GatewayModule.withApis(IN_PROCESS_APIS),
        ...followers,
      ],
    };
  }
}

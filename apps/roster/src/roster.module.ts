import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, RosterConfig } from '@roster/config';
import { GatewayModule } from '@roster/gateway';
import { ProjectorModule } from '@roster/projector';
import { RelayModule } from '@roster/relay';
import { ConnectedStores, StoresModule } from '@roster/stores';
import { IN_PROCESS_APIS, UserServiceModule } from '@roster/user-service';

/** All process roles in one process, on the stores the config names (embedded SQLite by default). */
@Module({})
export class RosterModule {
  static forRoot(config: RosterConfig, stores: ConnectedStores): DynamicModule {
    return {
      module: RosterModule,
      imports: [
        ConfigModule.forRoot(config),
        StoresModule.forRoot(stores),
        UserServiceModule,
        ProjectorModule,
        GatewayModule.withApis(IN_PROCESS_APIS),
        // The relay runs only when Kafka is configured.
        ...(config.kafka ? [RelayModule] : []),
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { ProjectorModule } from '@roster/projector';
import { RelayModule } from '@roster/relay';

/**
 * The roles that follow the whole log: the projector, and the relay when Kafka is configured. One of each per
 * deployment (a second would only do the same work again). Needs a stores module and the config.
 */
@Module({})
export class FollowersModule {
  static forRoot(config: RosterConfig): DynamicModule {
    return { module: FollowersModule, imports: [ProjectorModule, ...(config.kafka ? [RelayModule] : [])] };
  }
}

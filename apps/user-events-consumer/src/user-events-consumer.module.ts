import { DynamicModule, Module } from '@nestjs/common';
import { join } from 'node:path';
import { userEventsTopic } from '@roster/messaging';
import { ChangeFeedFollower } from './change-feed-follower';
import { ConsumerConfig } from './consumer-config';
import { StatsHttpServer } from './stats-http-server';
import { UserChangeLog } from './user-change-log';
import { userEventsController } from './user-events.controller';

export const CHANGE_LOG_FILE = 'user-events-consumer.sqlite';

@Module({})
export class UserEventsConsumerModule {
  static forRoot(config: ConsumerConfig): DynamicModule {
    return {
      module: UserEventsConsumerModule,
      controllers: config.kafka ? [userEventsController(userEventsTopic(config.kafka.topicPrefix))] : [],
      providers: [
        { provide: ConsumerConfig, useValue: config },
        ChangeFeedFollower,
        { provide: UserChangeLog, useFactory: () => new UserChangeLog(join(config.dataDir, CHANGE_LOG_FILE)) },
        StatsHttpServer,
      ],
    };
  }
}

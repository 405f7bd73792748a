import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, RosterConfig } from '@roster/config';
import { EventStore } from '@roster/event-store';
import { RelayModule } from './relay.module';

@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Only the event store: StoresModule would also need the read model, which the relay never reads. */
@Global()
@Module({})
class RelayEventStoreModule {
  static forRoot(store: EventStore): DynamicModule {
    return {
      module: RelayEventStoreModule,
      providers: [{ provide: EventStore, useValue: store }, EventStoreCloser],
      exports: [EventStore],
    };
  }
}

/** The relay as its own process (apps/relay/src/main.ts), on an event store connected before Nest starts. */
@Module({})
export class RelayProcessModule {
  static forRoot(config: RosterConfig, store: EventStore): DynamicModule {
    return {
      module: RelayProcessModule,
      imports: [ConfigModule.forRoot(config), RelayEventStoreModule.forRoot(store), RelayModule],
    };
  }
}

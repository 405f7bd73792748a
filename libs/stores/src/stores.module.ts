import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { RosterConfig } from '@roster/config';
import { EventStore, InMemoryEventStore, SqliteEventStore } from '@roster/event-store';
import { SqliteUserReadModel, UserReadModel } from '@roster/read-model';

const subscriptionLogger = new Logger('EventStoreSubscription');

/** A failing subscriber (projector, relay) is retried with back-off; each failure is logged once. */
const subscription = {
  onError: (error: unknown, retryInMs: number) =>
    subscriptionLogger.error(`subscriber failed, retrying the same batch in ${retryInMs} ms: ${String(error)}`),
};

export function createEventStore(config: RosterConfig): EventStore {
  switch (config.eventStore) {
    case 'memory':
      return new InMemoryEventStore({ subscription });
    case 'sqlite':
      return new SqliteEventStore({ file: join(config.dataDir, 'events.sqlite'), subscription });
  }
}

export function createUserReadModel(config: RosterConfig): UserReadModel {
  switch (config.readModel) {
    case 'sqlite':
      return new SqliteUserReadModel({ file: join(config.dataDir, 'read-model.sqlite') });
  }
}

@Injectable()
class StoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(UserReadModel) private readonly readModel: UserReadModel,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.events.close(), this.readModel.close()]);
  }
}

/** The one place that opens the stores; the gateway never imports it. */
@Global()
@Module({
  providers: [
    { provide: EventStore, inject: [RosterConfig], useFactory: createEventStore },
    { provide: UserReadModel, inject: [RosterConfig], useFactory: createUserReadModel },
    StoreCloser,
  ],
  exports: [EventStore, UserReadModel],
})
export class StoresModule {}

import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { RosterConfig } from '@roster/config';
import { EventStore, InMemoryEventStore, SqliteEventStore } from '@roster/event-store';
import { SqliteUserReadModel, UserReadModel } from '@roster/read-model';

export function createEventStore(config: RosterConfig): EventStore {
  switch (config.eventStore) {
    case 'memory':
      return new InMemoryEventStore();
    case 'sqlite':
      return new SqliteEventStore({ file: join(config.dataDir, 'events.sqlite') });
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

import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { RosterConfig } from '@roster/config';
import { EventStore } from '@roster/event-store';
import { KurrentDbEventStore } from '@roster/event-store/kurrentdb';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteEventStore } from '@roster/event-store/sqlite';
import { UserReadModel } from '@roster/read-model';
import { MongoUserReadModel } from '@roster/read-model/mongodb';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { InstrumentedEventStore } from '@roster/observability';
import { probeStore } from './probe';

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
    case 'kurrentdb':
      return new KurrentDbEventStore({ connectionString: config.eventStoreUrl as string, subscription });
  }
}

export function createUserReadModel(config: RosterConfig): UserReadModel {
  switch (config.readModel) {
    case 'sqlite':
      return new SqliteUserReadModel({ file: join(config.dataDir, 'read-model.sqlite') });
    case 'mongodb':
      return new MongoUserReadModel({ url: config.mongoUrl as string });
  }
}

/** Opens the configured event store, with metrics and traces around it, and waits for its first answer. */
export async function connectEventStore(config: RosterConfig): Promise<EventStore> {
  const [variable, target] = config.eventStoreUrl
    ? ['EVENTSTORE_URL', config.eventStoreUrl]
    : ['DATA_DIR', config.dataDir];
  let store: EventStore | undefined;
  await probeStore(
    async () => {
      store = createEventStore(config);
      await store.headPosition();
    },
    variable,
    target,
    config.connectTimeoutMs,
  );
  return new InstrumentedEventStore(store as EventStore);
}

/** Opens the configured read model and waits for its first answer. */
export async function connectUserReadModel(config: RosterConfig): Promise<UserReadModel> {
  const [variable, target] = config.mongoUrl ? ['MONGO_URL', config.mongoUrl] : ['DATA_DIR', config.dataDir];
  let readModel: UserReadModel | undefined;
  await probeStore(
    async () => {
      readModel = createUserReadModel(config);
      await readModel.checkpoint();
    },
    variable,
    target,
    config.connectTimeoutMs,
  );
  return readModel as UserReadModel;
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

export interface ConnectedStores {
  eventStore: EventStore;
  readModel: UserReadModel;
}

/** Connects both stores before Nest starts, so an unreachable one ends the start with one line. */
export async function connectStores(config: RosterConfig): Promise<ConnectedStores> {
  const eventStore = await connectEventStore(config);
  try {
    return { eventStore, readModel: await connectUserReadModel(config) };
  } catch (error) {
    await eventStore.close();
    throw error;
  }
}

/** Provides the connected stores to the process roles that need them; the gateway never imports it. */
@Global()
@Module({})
export class StoresModule {
  static forRoot(stores: ConnectedStores): DynamicModule {
    return {
      module: StoresModule,
      providers: [
        { provide: EventStore, useValue: stores.eventStore },
        { provide: UserReadModel, useValue: stores.readModel },
        StoreCloser,
      ],
      exports: [EventStore, UserReadModel],
    };
  }
}

import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { ConfigError, loadServerSecret, RosterConfig, secretBytes } from '@roster/config';
import { EventStore } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteEventStore } from '@roster/event-store/sqlite';
import { UserReadModel } from '@roster/read-model';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { InstrumentedEventStore } from '@roster/observability';
import {
  EncryptingEventStore,
  KeyRing,
  KeyStore,
  migrateToEncrypted,
  PersonalData,
  PersonalDataVault,
  rosterPersonalData,
} from '@roster/personal-data';
import { InMemoryKeyStore } from '@roster/personal-data/memory';
import { SqliteKeyStore } from '@roster/personal-data/sqlite';
import type * as KurrentDbAdapter from '@roster/event-store/kurrentdb';
import type * as MongoKeyStoreAdapter from '@roster/personal-data/mongodb';
import type * as MongoReadModelAdapter from '@roster/read-model/mongodb';
import { probeStore } from './probe';

/**
 * The adapters of store servers, loaded only when the configuration names one: their drivers cost every process that
 * loads them memory (measured: mongodb 21.5 MiB, @kurrent/kurrentdb-client 16 MiB of RSS), and the embedded default
 * needs neither — with several HTTP workers, each would pay it.
 */
function serverAdapters() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    ...(require('@roster/event-store/kurrentdb') as typeof KurrentDbAdapter),
    ...(require('@roster/read-model/mongodb') as typeof MongoReadModelAdapter),
    ...(require('@roster/personal-data/mongodb') as typeof MongoKeyStoreAdapter),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

const subscriptionLogger = new Logger('EventStoreSubscription');
const personalDataLogger = new Logger('PersonalData');

/** A failing subscriber (projector, relay) is retried with back-off; each failure is logged once. */
const subscription = {
  onError: (error: unknown, retryInMs: number) =>
    subscriptionLogger.error(`subscriber failed, retrying the same batch in ${retryInMs} ms: ${String(error)}`),
};

/**
 * How processes sharing the embedded event store's file tell each other of commits (the all-in-one process's
 * primary and HTTP workers), so that a subscription wakes at once rather than at its next poll.
 */
export interface CommitNotices {
  /** Called after this process committed events. */
  committed(): void;
  /** `wake` is called whenever another process committed events. */
  onCommittedElsewhere(wake: () => void): void;
}

/** How a process of several sharing the stores uses them (the all-in-one process's primary and HTTP workers). */
export interface SharedStores {
  /**
   * `queries`: a process beside the one that projects and looks after the stores (an HTTP worker started by its
   * primary): it only queries the read model and leaves the start-up work on the stores (the migration to encrypted
   * personal data, re-wrapping keys under a rotated secret) to that process, which finished it before.
   */
  readModel?: ReadModelUse;
  commits?: CommitNotices;
  /** What this process makes of its connection to the embedded event store (its adapter, below the encryption). */
  sqliteEventStore?: (store: SqliteEventStore) => EventStore;
  /** What this process makes of its connection to the SQLite key store of personal data. */
  sqliteKeyStore?: (store: SqliteKeyStore) => KeyStore;
}

export function createEventStore(config: RosterConfig, shared: SharedStores = {}): EventStore {
  const { commits } = shared;
  switch (config.eventStore) {
    case 'memory':
      return new InMemoryEventStore({ subscription });
    case 'sqlite': {
      const store = new SqliteEventStore({
        file: join(config.dataDir, 'events.sqlite'),
        subscription,
        onCommitted: commits && (() => commits.committed()),
      });
      commits?.onCommittedElsewhere(() => store.eventsCommittedElsewhere());
      return shared.sqliteEventStore?.(store) ?? store;
    }
    case 'kurrentdb':
      return new (serverAdapters().KurrentDbEventStore)({
        connectionString: config.eventStoreUrl as string,
        subscription,
      });
  }
}

/** How a process uses the read model: `projects` into it (and looks after its files), or only `queries` it. */
export type ReadModelUse = 'projects' | 'queries';

/**
 * Page cache of a connection that only queries the read model (each HTTP worker has one): random lookups find the
 * file in the operating system's cache anyway, and the projector's connection keeps the default 64 MiB.
 */
const QUERY_CACHE_MIB = 16;

export function createUserReadModel(config: RosterConfig, use: ReadModelUse = 'projects'): UserReadModel {
  switch (config.readModel) {
    case 'sqlite':
      return new SqliteUserReadModel({
        file: join(config.dataDir, 'read-model.sqlite'),
        ...(use === 'queries' ? { queryOnly: true, cacheSizeMiB: QUERY_CACHE_MIB } : {}),
      });
    case 'mongodb':
      return new (serverAdapters().MongoUserReadModel)({ url: config.mongoUrl as string });
  }
}

/**
 * Where the keys of personal data live, beside the event store: in process memory with the in-memory store; in
 * `<DATA_DIR>/keys.sqlite` beside the embedded SQLite store; beside KurrentDB, in MongoDB (database `roster_keys`,
 * not the read model's) when MONGO_URL is set, else in `<DATA_DIR>/keys.sqlite` (docs/data-protection.md).
 */
export function createKeyStore(config: RosterConfig, shared: SharedStores = {}): KeyStore {
  if (config.eventStore === 'memory') return new InMemoryKeyStore();
  if (config.eventStore === 'kurrentdb' && config.mongoUrl)
    return new (serverAdapters().MongoKeyStore)({ url: config.mongoUrl });
  const store = new SqliteKeyStore({ file: join(config.dataDir, 'keys.sqlite') });
  return shared.sqliteKeyStore?.(store) ?? store;
}

/** The event store as every process uses it, and the erasure of personal data that goes with its encryption. */
export interface ProtectedEventStore {
  eventStore: EventStore;
  personalData: PersonalData;
}

/**
 * Opens the configured event store and its key store and waits for their first answers; encrypts a log written
 * before Roster encrypted personal data (resumably) before anything else reads it. The store is wrapped in the
 * personal-data encryption outermost, so metrics, traces and adapters only ever see encrypted data and hashed names.
 */
export async function connectProtectedEventStore(
  config: RosterConfig,
  shared: SharedStores = {},
): Promise<ProtectedEventStore> {
  if (config.eventStore === 'kurrentdb' && config.egov.secret === null) {
    // Each process would otherwise make its own <DATA_DIR>/roster.secret and could not open the others' keys.
    throw new ConfigError(
      'ROSTER_SECRET',
      'must be set with EVENT_STORE=kurrentdb: every process opening the store unwraps the keys of personal data with it',
    );
  }
  const raw = await connectEventStoreAdapter(config, shared);
  try {
    const previous = config.egov.previousSecret === null ? [] : [secretBytes(config.egov.previousSecret)];
    const vault = new PersonalDataVault(
      createKeyStore(config, shared),
      new KeyRing(loadServerSecret(config), previous),
    );
    const eventStore = new EncryptingEventStore(new InstrumentedEventStore(raw), vault, rosterPersonalData);
    if (shared.readModel === 'queries') return { eventStore, personalData: vault };
    await migrateToEncrypted(raw, eventStore, (line) => personalDataLogger.log(line));
    if (previous.length > 0) {
      const rewrapped = await vault.rewrapAll();
      personalDataLogger.log(
        `personal data: ${rewrapped} keys re-wrapped under the current secret (ROSTER_PREVIOUS_SECRET)`,
      );
    }
    return { eventStore, personalData: vault };
  } catch (error) {
    await raw.close();
    throw error;
  }
}

/** The configured event store, encrypting personal data (see connectProtectedEventStore). */
export async function connectEventStore(config: RosterConfig): Promise<EventStore> {
  return (await connectProtectedEventStore(config)).eventStore;
}

/** Opens the configured event store's adapter and waits for its first answer. */
async function connectEventStoreAdapter(config: RosterConfig, shared: SharedStores): Promise<EventStore> {
  const [variable, target] = config.eventStoreUrl
    ? ['EVENTSTORE_URL', config.eventStoreUrl]
    : ['DATA_DIR', config.dataDir];
  let store: EventStore | undefined;
  await probeStore(
    async () => {
      store = createEventStore(config, shared);
      await store.headPosition();
    },
    variable,
    target,
    config.connectTimeoutMs,
  );
  return store as EventStore;
}

/** Opens the configured read model and waits for its first answer. */
export async function connectUserReadModel(
  config: RosterConfig,
  use: ReadModelUse = 'projects',
): Promise<UserReadModel> {
  const [variable, target] = config.mongoUrl ? ['MONGO_URL', config.mongoUrl] : ['DATA_DIR', config.dataDir];
  let readModel: UserReadModel | undefined;
  await probeStore(
    async () => {
      readModel = createUserReadModel(config, use);
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

export interface ConnectedStores extends ProtectedEventStore {
  readModel: UserReadModel;
}

/**
 * Connects both stores before Nest starts, so an unreachable one ends the start with one line. A process that does
 * not project (an HTTP worker beside the process that does) only queries the read model.
 */
export async function connectStores(config: RosterConfig, shared: SharedStores = {}): Promise<ConnectedStores> {
  const { eventStore, personalData } = await connectProtectedEventStore(config, shared);
  try {
    return { eventStore, personalData, readModel: await connectUserReadModel(config, shared.readModel) };
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
        { provide: PersonalData, useValue: stores.personalData },
        StoreCloser,
      ],
      exports: [EventStore, UserReadModel, PersonalData],
    };
  }
}

import type {
  AppendResult,
  BatchHandler,
  EventRewrite,
  Position,
  RecordedEvent,
  RewritableEventStore,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '@roster/event-store';
import { EventStore } from '@roster/event-store';
import type { SqliteEventStore } from '@roster/event-store/sqlite';
import { KeyStore, type NewKey, type StoredKey } from '@roster/personal-data';
import type { SqliteKeyStore } from '@roster/personal-data/sqlite';
import type { PrimaryCalls } from './primary-calls';
import { answerWorkerCalls } from './primary-calls';

/**
 * ROSTER_WRITER=primary: the primary is the only process that writes the embedded event log and creates keys of
 * personal data; workers hand it their appends (encrypted already) and key creations over IPC and read the files
 * themselves. One writer means one group commit — one transaction and one fsync — for all workers' requests, and no
 * process waits on another's lock, at the price of an IPC round trip per write.
 */
export function writeForWorkers(events: SqliteEventStore, keys: SqliteKeyStore): void {
  answerWorkerCalls({
    append: (appends: StreamAppend[]) => events.appendMany(appends),
    createKeys: (newKeys: NewKey[]) => keys.create(newKeys),
  });
}

/** In a worker: the event store whose appends the primary makes; everything else reads this worker's connection. */
export class AppendsThroughPrimary extends EventStore implements RewritableEventStore {
  constructor(
    private readonly local: SqliteEventStore,
    private readonly primary: PrimaryCalls,
  ) {
    super();
  }

  override appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    return this.primary.call('append', appends);
  }

  protected override readStreamEvents(stream: string, fromRevision: number): Promise<RecordedEvent[]> {
    return this.local.readStream(stream, fromRevision);
  }

  override readAll(after: Position | null, limit: number): Promise<RecordedEvent[]> {
    return this.local.readAll(after, limit);
  }

  override headPosition(): Promise<Position | null> {
    return this.local.headPosition();
  }

  override subscribeAll(after: Position | null, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.local.subscribeAll(after, handler, options);
  }

  /** Rewrites and compaction (the migration to encrypted personal data) run in the primary, before any worker starts. */
  rewrite(rewrites: EventRewrite[]): Promise<void> {
    return this.local.rewrite(rewrites);
  }

  compact(): Promise<void> {
    return this.local.compact();
  }

  override close(): Promise<void> {
    return this.local.close();
  }
}

/** In a worker: the key store whose creations the primary makes; lookups, erasures and rewraps use this worker's. */
export class KeysThroughPrimary extends KeyStore {
  constructor(
    private readonly local: SqliteKeyStore,
    private readonly primary: PrimaryCalls,
  ) {
    super();
  }

  override async create(keys: readonly NewKey[]): Promise<Map<string, StoredKey>> {
    const stored = await this.primary.call<Map<string, StoredKey>>('createKeys', keys);
    // The structured clone hands a Buffer over as a plain Uint8Array.
    for (const [subject, key] of stored)
      if (key.status === 'live') stored.set(subject, { ...key, wrapped: Buffer.from(key.wrapped) });
    return stored;
  }

  override find(subjects: readonly string[]): Promise<Map<string, StoredKey>> {
    return this.local.find(subjects);
  }

  override destroy(subject: string, at: Date): Promise<void> {
    return this.local.destroy(subject, at);
  }

  override live(after: string | null, limit: number): Promise<NewKey[]> {
    return this.local.live(after, limit);
  }

  override rewrap(key: NewKey): Promise<void> {
    return this.local.rewrap(key);
  }

  override close(): Promise<void> {
    return this.local.close();
  }
}

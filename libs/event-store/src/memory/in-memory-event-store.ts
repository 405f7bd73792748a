import type {
  AppendResult,
  BatchHandler,
  EventRewrite,
  Position,
  RewritableEventStore,
  RecordedEvent,
  StreamAppend,
  Subscription,
  SubscribeOptions,
} from '../event-store';
import { DuplicateEventIdError, EventStore, EventStoreUnavailableError } from '../event-store';
import { checkExpectedRevision } from '../expected-revision';
import type { StoredEvent } from '../serialized-event';
import { serializeAppends, toRecordedEvent } from '../serialized-event';
import type { SubscriptionOptions } from '../subscription/polling-subscription';
import { SubscriptionHub } from '../subscription/subscription-hub';

export interface InMemoryEventStoreOptions {
  subscription?: SubscriptionOptions;
}

/**
 * The event store in process memory, for tests and `EVENT_STORE=memory`.
 *
 * Events are kept as JSON text, the way the SQLite adapter keeps them, so code tested against this store
 * cannot rely on payloads that a durable store would not give back (Dates, shared object references).
 * Every append completes synchronously, so appends are trivially serialized; subscriptions are woken by
 * the append itself and never need to poll.
 */
export class InMemoryEventStore extends EventStore implements RewritableEventStore {
  /** log[i] has position i + 1. */
  private readonly log: StoredEvent[] = [];
  /** streams.get(s)[r] has revision r. */
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly eventIds = new Set<string>();
  private readonly subscriptions: SubscriptionHub;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    super();
    this.subscriptions = new SubscriptionHub((after, limit) => this.readAll(after, limit), options.subscription ?? {});
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    this.assertOpen();
    const { events, revisions } = this.prepare(appends);
    for (const event of events) this.write(event);
    if (events.length > 0) this.subscriptions.eventsCommitted();
    return { position: BigInt(this.log.length), revisions };
  }

  protected async readStreamEvents(stream: string, fromRevision: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    return (this.streams.get(stream) ?? []).slice(Math.max(0, fromRevision)).map(toRecordedEvent);
  }

  async readAll(after: Position | null, limit: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    const start = Number(after ?? 0n);
    return this.log.slice(start, start + limit).map(toRecordedEvent);
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    return this.log.length === 0 ? null : BigInt(this.log.length);
  }

  subscribeAll(after: Position | null, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(after, handler, options);
  }

  async rewrite(rewrites: EventRewrite[]): Promise<void> {
    this.assertOpen();
    for (const { position, stream, data } of rewrites) {
      const old = this.log[Number(position) - 1];
      if (!old) throw new Error(`no event at position ${position}`);
      const event: StoredEvent = { ...old, stream, data: JSON.stringify(data) };
      this.log[Number(position) - 1] = event;
      const oldStream = this.streams.get(old.stream) as StoredEvent[];
      if (old.stream === stream) oldStream[old.revision] = event;
      else {
        oldStream.splice(oldStream.indexOf(old), 1);
        if (oldStream.length === 0) this.streams.delete(old.stream);
        const renamed = this.streams.get(stream) ?? [];
        renamed[old.revision] = event;
        this.streams.set(stream, renamed);
      }
    }
  }

  /** Nothing to do: a rewritten event's old text is no longer referenced. */
  async compact(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    await this.subscriptions.close();
    this.closed = true;
  }

  /** Checks every expected revision and event id and builds the events, writing nothing yet. */
  private prepare(appends: StreamAppend[]): { events: StoredEvent[]; revisions: Record<string, number> } {
    const revisions: Record<string, number> = {};
    const newIds = new Set<string>();
    const events: StoredEvent[] = [];
    const recordedAt = Date.now();
    for (const { stream, events: newEvents, expectedRevision } of serializeAppends(appends)) {
      let revision = revisions[stream] ?? this.currentRevision(stream);
      checkExpectedRevision(stream, expectedRevision, revision);
      for (const event of newEvents) {
        if (this.eventIds.has(event.id) || newIds.has(event.id)) throw new DuplicateEventIdError(event.id);
        newIds.add(event.id);
        revision++;
        const position = BigInt(this.log.length + events.length + 1);
        events.push({ ...event, stream, revision, position, recordedAt });
      }
      revisions[stream] = revision;
    }
    return { events, revisions };
  }

  private write(event: StoredEvent): void {
    this.log.push(event);
    this.eventIds.add(event.id);
    const stream = this.streams.get(event.stream);
    if (stream) stream.push(event);
    else this.streams.set(event.stream, [event]);
  }

  private currentRevision(stream: string): number {
    return (this.streams.get(stream)?.length ?? 0) - 1;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('event store is closed');
  }
}

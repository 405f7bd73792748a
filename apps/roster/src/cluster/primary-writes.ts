import cluster from 'node:cluster';
import type {
  AppendResult,
  BatchHandler,
  EventRewrite,
  ExpectedRevision,
  Position,
  RecordedEvent,
  RewritableEventStore,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '@roster/event-store';
import {
  DuplicateEventIdError,
  EventStore,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '@roster/event-store';
import type { SqliteEventStore } from '@roster/event-store/sqlite';

/**
 * ROSTER_EVENT_WRITER=primary: the primary is the only process that writes the event log; workers hand it their
 * (already encrypted) appends over IPC and read the file themselves. One writer means one group commit for all
 * workers — larger groups, no lock contention between processes — at the price of an IPC round trip per append.
 */
type AppendFailure =
  | { kind: 'wrong_revision'; stream: string; expected: ExpectedRevision; actual: number }
  | { kind: 'duplicate_id'; eventId: string }
  | { kind: 'unavailable'; message: string };

type AppendMessage =
  | { type: 'roster:append'; id: number; appends: StreamAppend[] }
  | { type: 'roster:appended'; id: number; result: AppendResult }
  | { type: 'roster:append-failed'; id: number; failure: AppendFailure };

function isAppendMessage(message: unknown): message is AppendMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'roster:append' || type === 'roster:appended' || type === 'roster:append-failed';
}

/** The errors callers act on keep their class across the process boundary; any other becomes "unavailable" (503). */
function failureOf(error: unknown): AppendFailure {
  if (error instanceof WrongExpectedRevisionError)
    return { kind: 'wrong_revision', stream: error.stream, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicate_id', eventId: error.eventId };
  return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
}

function errorOf(failure: AppendFailure): Error {
  switch (failure.kind) {
    case 'wrong_revision':
      return new WrongExpectedRevisionError(failure.stream, failure.expected, failure.actual);
    case 'duplicate_id':
      return new DuplicateEventIdError(failure.eventId);
    case 'unavailable':
      return new EventStoreUnavailableError(failure.message);
  }
}

/** In the primary: appends what the workers hand over to its own store, and answers each with the outcome. */
export function appendForWorkers(store: EventStore): void {
  cluster.on('message', (worker, message: unknown) => {
    if (!isAppendMessage(message) || message.type !== 'roster:append') return;
    const answer = (reply: AppendMessage) => worker.isConnected() && worker.send(reply);
    store.appendMany(message.appends).then(
      (result) => answer({ type: 'roster:appended', id: message.id, result }),
      (error: unknown) => answer({ type: 'roster:append-failed', id: message.id, failure: failureOf(error) }),
    );
  });
}

/** In a worker: the event store whose appends the primary makes; everything else reads this worker's connection. */
export class AppendsThroughPrimary extends EventStore implements RewritableEventStore {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(result: AppendResult): void; reject(error: Error): void }>();

  constructor(private readonly local: SqliteEventStore) {
    super();
    process.on('message', (message: unknown) => {
      if (!isAppendMessage(message) || message.type === 'roster:append') return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.type === 'roster:appended') waiting?.resolve(message.result);
      else waiting?.reject(errorOf(message.failure));
    });
  }

  override appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const request: AppendMessage = { type: 'roster:append', id, appends };
      if (process.send?.(request) !== true) {
        this.waiting.delete(id);
        reject(new EventStoreUnavailableError('the primary process, which writes the event log, is gone'));
      }
    });
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

  /** Rewrites and compaction (the migration to encrypted personal data) run before any worker starts. */
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

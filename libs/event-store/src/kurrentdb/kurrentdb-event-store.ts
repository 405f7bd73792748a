import type { Position as LogPosition } from '@kurrent/kurrentdb-client';
import type {
  AppendResult,
  BatchHandler,
  ExpectedRevision,
  Position,
  RecordedEvent,
  StreamAppend,
  Subscription,
  SubscribeOptions,
} from '../event-store';
import { EventStore, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import type { SubscriptionOptions } from '../subscription/polling-subscription';
import { SubscriptionHub } from '../subscription/subscription-hub';
import type { AppendPlan, StreamPlan } from './append-plan';
import { planAppend, writtenStreams } from './append-plan';
import type { WriteOutcome } from './atomic-append';
import { appendRecordsAtomically, multiStreamAppendAtomically } from './atomic-append';
import { isConnectionFailure, isStreamNotFound, isUnsupported, toPortError, unavailable } from './errors';
import type { KurrentDbClient } from './kurrentdb-client';
import { connectKurrentDb } from './kurrentdb-client';
import type { LocatedEvent } from './mapping';
import {
  allStreamFilter,
  BACKWARDS,
  compareLogPositions,
  END,
  FORWARDS,
  isSystemEvent,
  START,
  toEventData,
  toLocatedEvent,
  toLogPosition,
  toPortRevision,
  toStreamState,
} from './mapping';
import type { PerStreamAppendOptions } from './per-stream-append';
import { appendPerStream, PER_STREAM_APPEND_DEFAULTS } from './per-stream-append';
import { readStreamRevision, verifyExpectations } from './stream-state';

export interface KurrentDbEventStoreOptions {
  /** How often a caught-up subscription reads `$all` for events written by other processes (default 100 ms). */
  pollIntervalMs?: number;
  subscription?: SubscriptionOptions;
  /** Tuning of the per-stream fallback used when the server has no multi-stream append (EventStoreDB < 25.1). */
  fallback?: Partial<Omit<PerStreamAppendOptions, 'portStream'>>;
  /**
   * Prepended to every stream name; the store then sees only those streams. Isolates test runs on a shared
   * server. Leave unset in production: it changes stream categories (`user-<uuid>` → `<prefix>user-<uuid>`).
   */
  streamPrefix?: string;
}

/** Either a connection string (the store owns and closes the client) or a client (the caller owns it). */
export type KurrentDbConnection = { connectionString: string } | { client: KurrentDbClient };

/** How multi-stream appends are written, best first; the store moves down when the server lacks one. */
type AppendMode = 'append-records' | 'multi-stream-append' | 'per-stream';
const FALLBACK_MODE: Record<AppendMode, AppendMode | undefined> = {
  'append-records': 'multi-stream-append',
  'multi-stream-append': 'per-stream',
  'per-stream': undefined,
};

/** Backward `$all` reads for the head look at this many events at a time while skipping system events. */
const HEAD_SCAN_BATCH = 16;

/**
 * The event store on KurrentDB 25.1+ or EventStoreDB 22.10+ (`@kurrent/kurrentdb-client`).
 *
 * Thin by design — the mapping lives in mapping.ts and is unit-tested against a fake client:
 * - streams keep the caller's names (`user-<uuid>`, so `$ce-user` and other category projections work);
 *   events are JSON with the caller's id (UUID) and metadata;
 * - Position = commit position of the event in `$all` (why that is lossless: mapping.ts `toPosition`);
 * - multi-stream appends use the best the server offers, learned at the first one: appendRecords (26.1+,
 *   everything atomic), multiStreamAppend (25.1+, atomic writes, assert-only entries checked by a read just
 *   before), or the per-stream fallback with compensation (per-stream-append.ts);
 * - subscriptions are the shared polling loop over `readAll`, so retry and resume behave exactly as on SQLite:
 *   a failed read or handler is retried from the last delivered position, without gaps or duplicates.
 */
export class KurrentDbEventStore extends EventStore {
  private readonly client: KurrentDbClient;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly fallback: PerStreamAppendOptions;
  private readonly subscriptions: SubscriptionHub;
  private appendMode: AppendMode = 'append-records';
  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(options: KurrentDbConnection & KurrentDbEventStoreOptions) {
    super();
    this.ownsClient = 'connectionString' in options;
    this.client = 'client' in options ? options.client : connectKurrentDb(options.connectionString);
    this.prefix = options.streamPrefix ?? '';
    this.fallback = {
      ...PER_STREAM_APPEND_DEFAULTS,
      ...options.fallback,
      portStream: (stream) => this.portStream(stream),
    };
    this.subscriptions = new SubscriptionHub((after, limit) => this.readAll(after, limit), {
      ...options.subscription,
      pollIntervalMs: options.pollIntervalMs ?? 100,
    });
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    this.assertOpen();
    let plan: AppendPlan | undefined;
    try {
      const onServer = appends.map((append) => ({ ...append, stream: this.serverStream(append.stream) }));
      plan = await planAppend(onServer, (stream) => readStreamRevision(this.client, stream));
      const outcome = await this.write(plan);
      if (writtenStreams(plan).length > 0) this.subscriptions.eventsCommitted();
      return await this.toAppendResult(plan, outcome);
    } catch (error) {
      throw this.toPortError(error, plan);
    }
  }

  protected async readStreamEvents(stream: string, fromRevision: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(this.serverStream(stream), {
        fromRevision: BigInt(Math.max(0, fromRevision)),
        direction: FORWARDS,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(this.toPortEvent(toLocatedEvent(resolved.event)));
      }
      return events;
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw readError(error);
    }
  }

  async readAll(after: Position | null, limit: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (limit <= 0) return [];
    try {
      return (await this.readPage(after, limit)).map((located) => this.toPortEvent(located));
    } catch (error) {
      throw readError(error);
    }
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    try {
      return await this.lastPosition();
    } catch (error) {
      throw readError(error);
    }
  }

  subscribeAll(after: Position | null, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(after, handler, options);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.subscriptions.close();
    this.closed = true;
    if (this.ownsClient) await this.client.dispose();
  }

  // ---- appends ---------------------------------------------------------------------------------------------

  /** Undefined when nothing was written: the append only asserted expected revisions. */
  private async write(plan: AppendPlan): Promise<WriteOutcome | undefined> {
    const written = writtenStreams(plan);
    if (written.length === 0) {
      // Nothing to commit, so a read is as good as a server-side check: true of each stream at that moment.
      await verifyExpectations(this.client, plan.streams);
      return undefined;
    }
    if (plan.streams.length === 1) return this.appendToOneStream(written[0]);
    return this.appendAcrossStreams(plan);
  }

  /** One stream is atomic on every server version, and keeps its metadata as plain JSON. */
  private async appendToOneStream({ stream, expected, events }: StreamPlan): Promise<WriteOutcome> {
    const result = await this.client.appendToStream(stream, events.map(toEventData), {
      streamState: toStreamState(expected),
    });
    return {
      position: result.position?.commit,
      revisions: new Map([[stream, toPortRevision(result.nextExpectedRevision)]]),
    };
  }

  /**
   * Tries the best append mode and moves down only on "unsupported", which the client raises from the
   * server's feature list before sending anything (or the server answers UNIMPLEMENTED): nothing was
   * written, so trying the next mode is safe. The mode found is kept for the life of the store.
   */
  private async appendAcrossStreams(plan: AppendPlan): Promise<WriteOutcome> {
    for (;;) {
      const mode = this.appendMode;
      try {
        return await this.appendWith(mode, plan);
      } catch (error) {
        const next = FALLBACK_MODE[mode];
        if (!isUnsupported(error) || next === undefined) throw error;
        if (this.appendMode === mode) this.appendMode = next;
      }
    }
  }

  private appendWith(mode: AppendMode, plan: AppendPlan): Promise<WriteOutcome> {
    switch (mode) {
      case 'append-records':
        return appendRecordsAtomically(this.client, plan);
      case 'multi-stream-append':
        return multiStreamAppendAtomically(this.client, plan);
      case 'per-stream':
        return appendPerStream(this.client, plan, this.fallback);
    }
  }

  private async toAppendResult(plan: AppendPlan, outcome: WriteOutcome | undefined): Promise<AppendResult> {
    const revisions: Record<string, number> = {};
    for (const { stream, expected } of plan.streams) {
      revisions[this.portStream(stream)] =
        outcome?.revisions.get(stream) ?? (await this.assertedRevision(stream, expected));
    }
    // "Position of the last event written, or the log head when nothing was written" (the port's contract).
    const position = outcome?.position ?? (await this.lastPosition()) ?? 0n;
    return { position, revisions };
  }

  /** An assert-only stream held its expectation, so that is its revision; only 'any' needs a read. */
  private async assertedRevision(stream: string, expected: ExpectedRevision): Promise<number> {
    if (expected === 'no_stream') return -1;
    if (expected === 'any') return readStreamRevision(this.client, stream);
    return expected;
  }

  // ---- reads -----------------------------------------------------------------------------------------------

  /**
   * Collects up to `limit` non-system events after `after`. Reads ask for two more than still needed: forward
   * reads of `$all` include the event at their start position, and one more shows whether a legacy
   * explicit-transaction group (several events, one commit position) continues — such a group is never split
   * across pages, because a read after its Position resumes behind the whole group.
   */
  private async readPage(after: Position | null, limit: number): Promise<LocatedEvent[]> {
    const page: LocatedEvent[] = [];
    let cursor = after === null ? undefined : toLogPosition(after);
    for (;;) {
      const wanted = Math.max(0, limit - page.length) + 2;
      const { events, exhausted } = await this.readForward(cursor, wanted);
      for (const located of events) {
        const last = page.at(-1);
        if (page.length >= limit && last?.logPosition.commit !== located.logPosition.commit) return page;
        if (!isSystemEvent({ type: located.recorded.type, streamId: located.recorded.stream })) page.push(located);
      }
      if (exhausted || events.length === 0) return page;
      cursor = events[events.length - 1].logPosition;
    }
  }

  /** Events strictly after `cursor`; `exhausted` when the server had fewer than asked for. */
  private async readForward(
    cursor: LogPosition | undefined,
    maxCount: number,
  ): Promise<{ events: LocatedEvent[]; exhausted: boolean }> {
    const events: LocatedEvent[] = [];
    let received = 0;
    const read = this.client.readAll({
      fromPosition: cursor ?? START,
      direction: FORWARDS,
      maxCount,
      filter: this.filter(),
    });
    for await (const resolved of read) {
      received++;
      if (!resolved.event) continue;
      const located = toLocatedEvent(resolved.event);
      if (cursor === undefined || compareLogPositions(located.logPosition, cursor) > 0) events.push(located);
    }
    return { events, exhausted: received < maxCount };
  }

  /** Reads `$all` backwards past system events to the last event of the log. */
  private async lastPosition(): Promise<Position | null> {
    let from: LogPosition | typeof END = END;
    for (;;) {
      let received = 0;
      let oldest: LogPosition | undefined;
      const read = this.client.readAll({
        fromPosition: from,
        direction: BACKWARDS,
        maxCount: HEAD_SCAN_BATCH,
        filter: this.filter(),
      });
      for await (const resolved of read) {
        received++;
        if (!resolved.event) continue;
        const located = toLocatedEvent(resolved.event);
        if (!isSystemEvent({ type: located.recorded.type, streamId: located.recorded.stream }))
          return located.recorded.position;
        oldest = located.logPosition;
      }
      if (received < HEAD_SCAN_BATCH || oldest === undefined) return null;
      from = oldest;
    }
  }

  private filter() {
    return allStreamFilter(this.prefix || undefined);
  }

  // ---- naming and errors -----------------------------------------------------------------------------------

  private serverStream(stream: string): string {
    return this.prefix + stream;
  }

  private portStream(stream: string): string {
    return stream.startsWith(this.prefix) ? stream.slice(this.prefix.length) : stream;
  }

  private toPortEvent({ recorded }: LocatedEvent): RecordedEvent {
    return { ...recorded, stream: this.portStream(recorded.stream) };
  }

  private toPortError(error: unknown, plan: AppendPlan | undefined): unknown {
    if (error instanceof WrongExpectedRevisionError) {
      // Raised by the adapter itself (planning, read checks), still in server names.
      return new WrongExpectedRevisionError(this.portStream(error.stream), error.expected, error.actual);
    }
    return toPortError(error, {
      portStream: (stream) => this.portStream(stream),
      expectedRevision: (stream) => plan?.streams.find((planned) => planned.stream === stream)?.expected,
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('KurrentDB event store is closed');
  }
}

function readError(error: unknown): unknown {
  return isConnectionFailure(error) ? unavailable(error) : error;
}

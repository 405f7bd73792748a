import type {
  AllStreamResolvedEvent,
  AppendRecordInput,
  AppendRecordsResult,
  AppendResult,
  AppendStreamRequest,
  AppendStreamState,
  AppendToStreamOptions,
  ConsistencyCheck,
  EventData,
  Filter,
  MultiAppendResult,
  Position as LogPosition,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  AppendConsistencyViolationError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { KurrentDbClient } from '../kurrentdb-client';

/**
 * An in-memory KurrentDB behind the client API the adapter uses, for unit tests. It follows the server source
 * (KurrentDB 25.1/26.1, EventStoreDB 22.10) where the adapter depends on it:
 * - log positions are byte offsets, 64-bit, starting above 2^53 by default; an implicitly committed event sits
 *   at {commit: p, prepare: p}; a legacy explicit transaction (seedLegacyTransaction) gives its events one
 *   commit position after all their prepares;
 * - expected-revision checks and idempotency as in IndexWriter.CheckCommit: a repeat of already written event
 *   ids at the same expected revision succeeds without writing; with 'any', if all ids are already in the stream;
 * - forward `$all` reads include their start position, backward reads exclude it; filters count towards maxCount
 *   only for matching events; stream reads of a missing stream fail with StreamNotFoundError while iterating;
 * - multiStreamAppend (25.1+) refuses an empty request and a stream named twice, and stores metadata as
 *   properties, which reads return as JSON with `$schema.name`/`$schema.format` added; appendRecords (26.1+)
 *   takes consistency checks, also for streams it does not write;
 * - older servers: the client raises UnsupportedError before sending, as the real client does;
 * - event ids must be UUIDs.
 * Faults can be injected per operation: before it runs, after its write (the reply is lost), or mid-read.
 * Every operation yields to the event loop first, so concurrent calls interleave as they would over a network.
 */
export type FakeServerVersion = '24.10' | '25.1' | '26.1';

export type FakeOperation = 'appendToStream' | 'multiStreamAppend' | 'appendRecords' | 'readStream' | 'readAll';

export interface FakeCall {
  operation: FakeOperation;
  /** The streams a write names (or the stream read); empty for readAll. */
  streams: string[];
  /** The client refused the call as unsupported by this server version; nothing was sent. */
  refused?: boolean;
}

export interface FakeFault {
  operation: FakeOperation;
  /** 'before': nothing happens; 'after-write': the write happens, the reply is lost; a number: a read yields that many events first. */
  when: 'before' | 'after-write' | number;
  /** Only calls naming this stream (default: any call of the operation). */
  stream?: string;
  /** The failure (default: UnavailableError). */
  error?: () => Error;
  /** Instead of failing, runs this at that moment (a concurrent writer, a clock jump), then lets the call go on. */
  interleave?: () => void;
}

interface StoredEvent {
  stream: string;
  id: string;
  type: string;
  revision: bigint;
  position: LogPosition;
  data: string;
  /** appendToStream: the JSON the client sent. 25.1+ appends: properties, returned as JSON plus schema keys. */
  metadata: { json: string | undefined } | { properties: Record<string, string> };
  created: Date;
}

interface Decision {
  ok: boolean;
  /** Revision before the write (-1: no stream). */
  current: bigint;
  /** Set when every event was already written at the expected place: succeed without writing. */
  idempotent?: StoredEvent;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION_ORDER: FakeServerVersion[] = ['24.10', '25.1', '26.1'];

export class FakeKurrentDbClient implements KurrentDbClient {
  readonly calls: FakeCall[] = [];
  disposed = false;
  /** `$all` in log order. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly faults: FakeFault[] = [];
  private nextPosition: bigint;
  private readonly serverVersion: FakeServerVersion;
  private readonly now: () => number;

  constructor(options: { serverVersion?: FakeServerVersion; firstPosition?: bigint; now?: () => number } = {}) {
    this.serverVersion = options.serverVersion ?? '26.1';
    this.nextPosition = options.firstPosition ?? 2n ** 53n + 1_000n;
    this.now = options.now ?? Date.now;
  }

  // ---- test controls ---------------------------------------------------------------------------------------

  /** The next matching call fails as described (faults are used once, in the order added). */
  failNext(fault: FakeFault): void {
    this.faults.push(fault);
  }

  /** Every event in `$all` order, system events included. */
  get allEvents(): ReadonlyArray<Readonly<StoredEvent>> {
    return this.log;
  }

  /** Writes an event the way KurrentDB itself does ($metadata, $statsCollected, links…). */
  seedEvent(stream: string, type: string, data: Record<string, unknown> = {}): void {
    this.writeEvents(stream, [jsonEvent(type, data)], 'appendToStream');
  }

  /**
   * Writes a legacy explicit transaction (TCP API, before 24.x): the prepares first, then whatever `meanwhile`
   * writes, then the commit record; every event of the transaction gets the commit record's position.
   */
  seedLegacyTransaction(stream: string, types: string[], meanwhile: () => void = () => undefined): void {
    const prepares = types.map((type) => ({ type, prepare: this.allocate(200) }));
    meanwhile();
    const commit = this.allocate(100);
    for (const { type, prepare } of prepares) {
      this.store({
        stream,
        id: randomUUID(),
        type,
        revision: this.revisionOf(stream) + 1n,
        position: { commit, prepare },
        data: '{}',
        metadata: { json: undefined },
        created: new Date(this.now()),
      });
    }
  }

  // ---- writes ----------------------------------------------------------------------------------------------

  async appendToStream(
    streamName: string,
    events: EventData[],
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    await this.enter('appendToStream', [streamName]);
    events.forEach(assertUuid);
    const expected = options.streamState ?? 'any';
    const decision = this.decide(streamName, expected, events);
    if (!decision.ok) throw conflict(streamName, expected, decision.current);
    if (decision.idempotent) {
      return {
        success: true,
        nextExpectedRevision: decision.idempotent.revision,
        position: decision.idempotent.position,
      };
    }
    // An empty append is a check: it writes a record that is no event, which still takes log space.
    const written = events.length === 0 ? undefined : this.writeEvents(streamName, events, 'appendToStream');
    const commit = written?.position.commit ?? this.allocate(50);
    this.afterWrite('appendToStream', [streamName]);
    const revision = this.revisionOf(streamName);
    return {
      success: true,
      nextExpectedRevision: revision < 0n ? -1n : revision,
      position: { commit, prepare: commit },
    };
  }

  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult> {
    this.requireVersion(
      'multiStreamAppend',
      requests.map(({ streamName }) => streamName),
      '25.1',
    );
    requests.forEach(({ events }) => events.forEach(assertPropertyMetadata));
    await this.enter(
      'multiStreamAppend',
      requests.map(({ streamName }) => streamName),
    );
    const named = new Set<string>();
    for (const { streamName, events } of requests) {
      if (events.length === 0)
        throw new UnknownError(undefined, 'Stream append request must contain at least one record');
      if (named.has(streamName.toLowerCase()))
        throw new UnknownError(undefined, `Stream ${streamName} already in append session`);
      named.add(streamName.toLowerCase());
      events.forEach(assertUuid);
    }
    for (const { streamName, events, expectedState } of requests) {
      // Multi-stream idempotency is not modelled: the adapter never repeats a multi-stream append.
      const decision = this.decide(streamName, expectedState, events);
      if (!decision.ok || decision.idempotent) throw conflict(streamName, expectedState, decision.current);
    }
    const responses = requests.map(({ streamName, events }) => {
      this.writeEvents(streamName, events, 'properties');
      return { streamName, revision: this.revisionOf(streamName) };
    });
    this.afterWrite(
      'multiStreamAppend',
      requests.map(({ streamName }) => streamName),
    );
    return { position: this.log[this.log.length - 1].position.commit, responses };
  }

  async appendRecords(records: AppendRecordInput[], checks: ConsistencyCheck[] = []): Promise<AppendRecordsResult> {
    const streams = [
      ...new Set([...checks.map(({ streamName }) => streamName), ...records.map(({ streamName }) => streamName)]),
    ];
    this.requireVersion('appendRecords', streams, '26.1');
    records.forEach(({ record }) => assertPropertyMetadata(record));
    await this.enter('appendRecords', streams);
    if (records.length === 0)
      throw new UnknownError(undefined, 'Append records request must contain at least one record.');
    if (new Set(checks.map(({ streamName }) => streamName.toLowerCase())).size !== checks.length) {
      throw new UnknownError(undefined, 'Each stream can only appear once in consistency checks.');
    }
    records.forEach(({ record }) => assertUuid(record));
    const violations = streams.flatMap((streamName, checkIndex) => {
      const expectedState = checks.find((check) => check.streamName === streamName)?.expectedState ?? 'any';
      const events = records.filter((record) => record.streamName === streamName).map(({ record }) => record);
      const decision = this.decide(streamName, expectedState, events);
      return decision.ok && !decision.idempotent
        ? []
        : [violation(checkIndex, streamName, expectedState, decision.current)];
    });
    if (violations.length > 0) {
      throw new AppendConsistencyViolationError(undefined as never, { violationsList: violations } as never);
    }
    for (const { streamName, record } of records) this.writeEvents(streamName, [record], 'properties');
    this.afterWrite('appendRecords', streams);
    const written = [...new Set(records.map(({ streamName }) => streamName))];
    return {
      position: this.log[this.log.length - 1].position.commit,
      responses: written.map((streamName) => ({ streamName, revision: this.revisionOf(streamName) })),
    };
  }

  // ---- reads -----------------------------------------------------------------------------------------------

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<ResolvedEvent> {
    return this.read('readStream', [streamName], () => {
      const events = this.streams.get(streamName);
      if (!events) throw new StreamNotFoundError(undefined, streamName);
      const backwards = options.direction === 'backwards';
      const from = options.fromRevision ?? (backwards ? 'end' : 'start');
      const ordered = backwards ? [...events].reverse() : events;
      const selected = ordered.filter((event) => {
        if (from === 'start' || from === 'end') return true;
        return backwards ? event.revision <= from : event.revision >= from;
      });
      return selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    return this.read('readAll', [], () => {
      const backwards = options.direction === 'backwards';
      const from = options.fromPosition ?? (backwards ? 'end' : 'start');
      const ordered = backwards ? [...this.log].reverse() : this.log;
      const selected = ordered.filter((event) => {
        if (from === 'start' || from === 'end') return true;
        const order = comparePositions(event.position, from);
        return backwards ? order < 0 : order >= 0;
      });
      return selected
        .filter((event) => matches(options.filter, event))
        .slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER));
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  // ---- internals -------------------------------------------------------------------------------------------

  /** IndexWriter.CheckCommit, reduced to what a stream without deletes needs. */
  private decide(stream: string, expected: AppendStreamState, events: EventData[]): Decision {
    const existing = this.streams.get(stream) ?? [];
    const current = BigInt(existing.length - 1);
    const ids = events.map(({ id }) => id);
    if (expected === 'stream_exists' && current < 0n) return { ok: false, current };
    if (expected === 'any' || expected === 'stream_exists') {
      const found = ids.map((id) => existing.find((event) => event.id === id));
      if (ids.length > 0 && found.every(Boolean)) return { ok: true, current, idempotent: found[found.length - 1] };
      return { ok: !found.some(Boolean), current };
    }
    const expectedRevision = expected === 'no_stream' ? -1n : expected;
    if (expectedRevision === current) return { ok: true, current };
    if (expectedRevision > current || ids.length === 0) return { ok: false, current };
    const already = ids.map((id, index) => existing[Number(expectedRevision) + 1 + index]?.id === id);
    if (already.every(Boolean))
      return { ok: true, current, idempotent: existing[Number(expectedRevision) + ids.length] };
    return { ok: false, current };
  }

  private writeEvents(stream: string, events: EventData[], format: 'appendToStream' | 'properties'): StoredEvent {
    let last: StoredEvent | undefined;
    for (const event of events) {
      const data = JSON.stringify(event.data);
      const position = this.allocate(100 + data.length);
      last = this.store({
        stream,
        id: event.id,
        type: event.type,
        revision: this.revisionOf(stream) + 1n,
        position: { commit: position, prepare: position },
        data,
        metadata:
          format === 'properties'
            ? { properties: { ...(event.metadata as Record<string, string> | undefined) } }
            : { json: event.metadata === undefined ? undefined : JSON.stringify(event.metadata) },
        created: new Date(this.now()),
      });
    }
    return last as StoredEvent;
  }

  private store(event: StoredEvent): StoredEvent {
    this.log.push(event);
    const stream = this.streams.get(event.stream);
    if (stream) stream.push(event);
    else this.streams.set(event.stream, [event]);
    return event;
  }

  private allocate(size: number): bigint {
    const position = this.nextPosition;
    this.nextPosition += BigInt(size);
    return position;
  }

  private revisionOf(stream: string): bigint {
    return BigInt((this.streams.get(stream)?.length ?? 0) - 1);
  }

  /** As the real client: it asks the server's feature list and refuses before sending anything. */
  private requireVersion(operation: FakeOperation, streams: string[], minimum: FakeServerVersion): void {
    if (VERSION_ORDER.indexOf(this.serverVersion) >= VERSION_ORDER.indexOf(minimum)) return;
    this.calls.push({ operation, streams, refused: true });
    throw new UnsupportedError(operation, minimum);
  }

  private async enter(operation: FakeOperation, streams: string[]): Promise<void> {
    this.calls.push({ operation, streams });
    await nextTurn();
    if (this.disposed) throw new UnavailableError(undefined, 'client disposed');
    this.applyFault(this.takeFault(operation, streams, 'before'));
  }

  private afterWrite(operation: FakeOperation, streams: string[]): void {
    this.applyFault(this.takeFault(operation, streams, 'after-write'));
  }

  private applyFault(fault: FakeFault | undefined): void {
    if (!fault) return;
    if (!fault.interleave) throw faultError(fault);
    fault.interleave();
    if (fault.error) throw fault.error();
  }

  private takeFault(
    operation: FakeOperation,
    streams: string[],
    when: FakeFault['when'] | 'read',
  ): FakeFault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        fault.operation === operation &&
        (when === 'read' ? typeof fault.when === 'number' : fault.when === when) &&
        (fault.stream === undefined || streams.includes(fault.stream)),
    );
    return index === -1 ? undefined : this.faults.splice(index, 1)[0];
  }

  /** A read is a stream of events produced when iteration starts, as over gRPC; a fault can cut it short. */
  private async *read<T extends ResolvedEvent | AllStreamResolvedEvent>(
    operation: FakeOperation,
    streams: string[],
    select: () => StoredEvent[],
  ): AsyncIterableIterator<T> {
    await this.enter(operation, streams);
    const fault = this.takeFault(operation, streams, 'read');
    const selected = select();
    for (const [index, event] of selected.entries()) {
      if (fault && index === fault.when) throw faultError(fault);
      yield { event: toRecorded(event), commitPosition: event.position.commit } as T;
    }
    if (fault && selected.length <= (fault.when as number)) throw faultError(fault);
  }
}

function toRecorded(event: StoredEvent) {
  const metadata =
    'properties' in event.metadata
      ? { ...event.metadata.properties, '$schema.name': event.type, '$schema.format': 'Json' }
      : event.metadata.json === undefined
        ? undefined
        : JSON.parse(event.metadata.json);
  return {
    streamId: event.stream,
    id: event.id,
    isJson: true as const,
    revision: event.revision,
    type: event.type,
    created: event.created,
    data: JSON.parse(event.data),
    metadata,
    position: event.position,
  };
}

function jsonEvent(type: string, data: Record<string, unknown>): EventData {
  return { id: randomUUID(), contentType: 'application/json', type, data, metadata: undefined };
}

function assertUuid(event: EventData): void {
  if (!UUID.test(event.id)) throw new UnknownError(undefined, `invalid event id ${event.id}: not a UUID`);
}

/** The real client refuses this before sending. */
function assertPropertyMetadata(event: EventData): void {
  const { metadata } = event;
  if (metadata === undefined || metadata === null) return;
  if (
    typeof metadata !== 'object' ||
    Array.isArray(metadata) ||
    Object.values(metadata).some((value) => typeof value !== 'string')
  ) {
    throw new Error('multiStreamAppend requires metadata to be a plain object with string keys and string values.');
  }
}

function conflict(streamName: string, expected: AppendStreamState, current: bigint): WrongExpectedVersionError {
  return new WrongExpectedVersionError(undefined, {
    streamName,
    expected,
    current: current < 0n ? 'no_stream' : current,
  });
}

function violation(checkIndex: number, stream: string, expected: AppendStreamState, current: bigint) {
  const code = (state: AppendStreamState): string =>
    state === 'no_stream' ? '-1' : state === 'any' ? '-2' : state === 'stream_exists' ? '-4' : state.toString();
  return {
    checkIndex,
    streamState: { stream, expectedState: code(expected), actualState: current < 0n ? '-1' : current.toString() },
  };
}

function matches(filter: Filter | undefined, event: StoredEvent): boolean {
  if (filter === undefined) return true;
  const subject = filter.filterOn === 'eventType' ? event.type : event.stream;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

function faultError(fault: FakeFault): Error {
  return fault.error?.() ?? new UnavailableError(undefined, `injected: ${fault.operation} unavailable`);
}

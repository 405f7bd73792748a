import type {
  AppendStreamState,
  Filter,
  JSONEventData,
  Position as KurrentPosition,
  RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { createHash } from 'node:crypto';
import type { ExpectedRevision, Position, RecordedEvent } from '../event-store';
import type { SerializedEvent } from '../serialized-event';

// The client's constants, spelled out so that importing the adapter does not load the client package.
export const NO_STREAM = 'no_stream' as const;
export const ANY = 'any' as const;
export const START = 'start' as const;
export const END = 'end' as const;
export const FORWARDS = 'forwards' as const;
export const BACKWARDS = 'backwards' as const;

/** Metadata key holding the caller's event id when it is not a UUID (KurrentDB ids must be UUIDs). */
export const ORIGINAL_EVENT_ID_KEY = 'roster.eventId';
/** Metadata key listing the properties that travel as JSON text (KurrentDB 25.1+ properties are strings only). */
export const JSON_VALUED_KEYS_KEY = 'roster.jsonKeys';
const RESERVED_METADATA_KEYS = [ORIGINAL_EVENT_ID_KEY, JSON_VALUED_KEYS_KEY];
/** KurrentDB adds these when it turns the properties of a 25.1+ append into the metadata that reads return. */
const SCHEMA_PROPERTY_KEYS = ['$schema.name', '$schema.format', '$schema.id'];

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EVENT_ID_NAMESPACE = 'roster.event-store.kurrentdb';

// ---- revisions -------------------------------------------------------------------------------------------

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/**
 * A KurrentDB stream state as a port revision. "No stream" is -1; so are deleted (-5) and tombstoned (-6),
 * which appendRecords reports as negative numbers: for the port such a stream has no events.
 */
export function toPortRevision(state: AppendStreamState | bigint): number {
  if (typeof state !== 'bigint' || state < 0n) return -1;
  return toSafeNumber(state, 'stream revision');
}

// ---- positions -------------------------------------------------------------------------------------------

/**
 * The port's Position is the event's commit position in `$all`.
 *
 * Sound because every event a KurrentDB/EventStoreDB 20.6+ node writes through gRPC (appendToStream,
 * multiStreamAppend, appendRecords) is an implicitly committed prepare record, which `$all` places at
 * {commit: p, prepare: p} with p its own log position: one distinct commit position per event, increasing
 * in `$all` order. Only the legacy TCP explicit transactions (never written by this adapter) gave several
 * events one commit position; `readAll` keeps such a group in one page, see `KurrentDbEventStore.readAll`.
 * Both numbers are 64-bit and stay bigint end to end, so nothing is lost above 2^53.
 */
export function toPosition(position: KurrentPosition): Position {
  return position.commit;
}

/** Where a read of `$all` must start to see the event at `position` (forward reads include it). */
export function toLogPosition(position: Position): KurrentPosition {
  return { commit: position, prepare: position };
}

/** `$all` order: by commit position, then prepare position. */
export function compareLogPositions(a: KurrentPosition, b: KurrentPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

// ---- events going out ------------------------------------------------------------------------------------

/** For appendToStream: metadata travels as one JSON document, as other KurrentDB tooling expects. */
export function toEventData(event: SerializedEvent): JSONEventData {
  const { id, metadata } = outgoingIdentity(event);
  return { id, contentType: 'application/json', type: event.type, data: JSON.parse(event.data), metadata };
}

/**
 * For multiStreamAppend/appendRecords, whose metadata are string properties (the client rejects anything
 * else): strings stay strings, so `$correlationId` and friends keep working; other values travel as JSON text
 * and are listed under JSON_VALUED_KEYS_KEY so reads can restore them.
 */
export function toPropertyEventData(event: SerializedEvent): JSONEventData {
  const { id, metadata } = outgoingIdentity(event);
  const properties: Record<string, string> = {};
  const jsonKeys: string[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string') {
      properties[key] = value;
    } else {
      properties[key] = JSON.stringify(value);
      jsonKeys.push(key);
    }
  }
  if (jsonKeys.length > 0) properties[JSON_VALUED_KEYS_KEY] = JSON.stringify(jsonKeys);
  return { id, contentType: 'application/json', type: event.type, data: JSON.parse(event.data), metadata: properties };
}

/**
 * KurrentDB event ids must be UUIDs. A caller's canonical UUID is kept as is; any other id is mapped to a
 * name-based UUID (deterministic, so a retried append keeps KurrentDB's idempotency) and kept in metadata.
 */
export function toKurrentEventId(id: string): string {
  if (CANONICAL_UUID.test(id)) return id;
  const hash = createHash('sha1').update(EVENT_ID_NAMESPACE).update('\0').update(id).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50; // version 5 (name-based, SHA-1)
  hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function outgoingIdentity(event: SerializedEvent): { id: string; metadata: Record<string, unknown> } {
  const metadata = JSON.parse(event.metadata) as Record<string, unknown>;
  for (const key of RESERVED_METADATA_KEYS) {
    if (key in metadata)
      throw new TypeError(`event metadata must not use the key "${key}": the KurrentDB adapter owns it`);
  }
  const id = toKurrentEventId(event.id);
  return { id, metadata: id === event.id ? metadata : { ...metadata, [ORIGINAL_EVENT_ID_KEY]: event.id } };
}

// ---- events coming in ------------------------------------------------------------------------------------

/** `$all` needs the event's full log position, which the port keeps only as its commit part. */
export interface LocatedEvent {
  recorded: RecordedEvent;
  logPosition: KurrentPosition;
}

export function toLocatedEvent(event: KurrentRecordedEvent): LocatedEvent {
  if (event.position === undefined) {
    throw new Error(
      `KurrentDB did not report the position of event ${event.id}; EventStoreDB 22.6 or newer is required`,
    );
  }
  const { metadata, originalId } = decodeMetadata(event.metadata, event.type);
  return {
    logPosition: event.position,
    recorded: {
      id: originalId ?? event.id,
      stream: event.streamId,
      type: event.type,
      revision: toSafeNumber(event.revision, 'stream revision'),
      position: toPosition(event.position),
      data: decodeData(event),
      metadata,
      recordedAt: event.created,
    },
  };
}

/** KurrentDB's own events: `$`-prefixed types ($metadata, $>, $statsCollected…) or streams ($$…, $ce-…, $stats-…). */
export function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Server-side filter for `$all` reads. Without a prefix it drops `$`-typed events (KurrentDB's
 * `excludeSystemEvents`); with one it keeps the prefixed streams. `isSystemEvent` catches the rest client-side.
 */
export function allStreamFilter(streamPrefix: string | undefined): Filter {
  return streamPrefix
    ? { filterOn: 'streamName', prefixes: [streamPrefix], checkpointInterval: 1 }
    : { filterOn: 'eventType', regex: '^[^$].*', checkpointInterval: 1 };
}

function decodeData(event: KurrentRecordedEvent): Record<string, unknown> {
  const data = event.data instanceof Uint8Array ? parseJsonBytes(event.data) : event.data;
  // The port carries JSON objects; a foreign event with other data (binary, an array) arrives as {}.
  return isPlainObject(data) ? data : {};
}

function decodeMetadata(raw: unknown, type: string): { metadata: Record<string, unknown>; originalId?: string } {
  if (!isPlainObject(raw)) return { metadata: {} };
  const metadata: Record<string, unknown> = { ...raw };
  if (metadata['$schema.name'] === type) for (const key of SCHEMA_PROPERTY_KEYS) delete metadata[key];
  const jsonKeys = metadata[JSON_VALUED_KEYS_KEY];
  if (typeof jsonKeys === 'string') {
    for (const key of JSON.parse(jsonKeys) as string[]) {
      if (typeof metadata[key] === 'string') metadata[key] = JSON.parse(metadata[key] as string);
    }
  }
  const originalId = metadata[ORIGINAL_EVENT_ID_KEY];
  for (const key of RESERVED_METADATA_KEYS) delete metadata[key];
  return { metadata, originalId: typeof originalId === 'string' ? originalId : undefined };
}

function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`${what} ${value} does not fit a JavaScript number`);
  return Number(value);
}

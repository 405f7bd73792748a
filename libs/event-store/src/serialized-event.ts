import { randomUUID } from 'node:crypto';
import type { ExpectedRevision, Position, RecordedEvent, StreamAppend } from './event-store';

/** An event as both adapters keep it: id assigned, payloads as JSON text. */
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export interface SerializedAppend {
  stream: string;
  events: SerializedEvent[];
  expectedRevision: ExpectedRevision;
}

export interface StoredEvent extends SerializedEvent {
  stream: string;
  revision: number;
  /** SQLite hands integer columns back as numbers. */
  position: Position | number;
  /** Milliseconds since the epoch. */
  recordedAt: number;
}

/**
 * Serializing before anything is queued or written means a payload that cannot be stored (a cycle, a bigint)
 * fails only its own append, and every adapter returns exactly what survives a JSON round trip.
 */
export function serializeAppends(appends: StreamAppend[]): SerializedAppend[] {
  return appends.map(({ stream, events, expectedRevision }) => ({
    stream,
    expectedRevision,
    events: events.map((event) => ({
      id: event.id ?? randomUUID(),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata ?? {}),
    })),
  }));
}

export function toRecordedEvent(stored: StoredEvent): RecordedEvent {
  return {
    id: stored.id,
    stream: stored.stream,
    type: stored.type,
    revision: stored.revision,
    position: BigInt(stored.position),
    data: JSON.parse(stored.data) as Record<string, unknown>,
    metadata: JSON.parse(stored.metadata) as Record<string, unknown>,
    recordedAt: new Date(stored.recordedAt),
  };
}

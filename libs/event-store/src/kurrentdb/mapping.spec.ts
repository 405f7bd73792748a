import type { RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import type { SerializedEvent } from '../serialized-event';
import {
  compareLogPositions,
  isSystemEvent,
  ORIGINAL_EVENT_ID_KEY,
  toEventData,
  toKurrentEventId,
  toLocatedEvent,
  toLogPosition,
  toPortRevision,
  toPosition,
  toPropertyEventData,
  toStreamState,
} from './mapping';

const ABOVE_2_53 = 2n ** 53n + 1n; // the first integer a JS number cannot hold
const INT64_MAX = 2n ** 63n - 1n;

describe('KurrentDB mapping', () => {
  describe('expected revisions', () => {
    it("maps 'no_stream' to NO_STREAM, 'any' to ANY and n to the bigint n", () => {
      expect(toStreamState('no_stream')).toBe('no_stream');
      expect(toStreamState('any')).toBe('any');
      expect(toStreamState(0)).toBe(0n);
      expect(toStreamState(41)).toBe(41n);
    });

    it('reads revisions as numbers, with -1 for no stream and for deleted or tombstoned streams', () => {
      expect(toPortRevision(0n)).toBe(0);
      expect(toPortRevision(123_456n)).toBe(123_456);
      expect(toPortRevision('no_stream')).toBe(-1);
      expect(toPortRevision(-1n)).toBe(-1);
      expect(toPortRevision(-5n)).toBe(-1);
      expect(toPortRevision(-6n)).toBe(-1);
    });

    it('refuses a revision a number cannot hold instead of rounding it', () => {
      expect(() => toPortRevision(ABOVE_2_53)).toThrow(RangeError);
    });
  });

  describe('positions', () => {
    it('uses the commit position as the Position, exactly, up to the largest 64-bit position', () => {
      expect(toPosition({ commit: ABOVE_2_53, prepare: ABOVE_2_53 })).toBe(ABOVE_2_53);
      expect(toPosition({ commit: INT64_MAX, prepare: INT64_MAX })).toBe(INT64_MAX);
      expect(Number(ABOVE_2_53)).toBe(Number(ABOVE_2_53 - 1n)); // what a number-based mapping would lose
    });

    it('starts a read at {commit, prepare} both set to the Position, which round-trips', () => {
      for (const position of [0n, ABOVE_2_53, INT64_MAX]) {
        const logPosition = toLogPosition(position);
        expect(logPosition).toEqual({ commit: position, prepare: position });
        expect(toPosition(logPosition)).toBe(position);
      }
    });

    it('orders log positions by commit, then prepare, also above 2^53', () => {
      const legacyFirst = { commit: ABOVE_2_53 + 500n, prepare: ABOVE_2_53 };
      const legacySecond = { commit: ABOVE_2_53 + 500n, prepare: ABOVE_2_53 + 200n };
      const implicit = toLogPosition(ABOVE_2_53 + 300n);
      const sorted = [legacySecond, implicit, legacyFirst].sort(compareLogPositions);
      expect(sorted).toEqual([implicit, legacyFirst, legacySecond]);
      expect(compareLogPositions(implicit, toLogPosition(ABOVE_2_53 + 300n))).toBe(0);
    });
  });

  describe('event ids', () => {
    it('keeps a canonical UUID', () => {
      const id = 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b';
      expect(toKurrentEventId(id)).toBe(id);
    });

    it('maps any other id to a deterministic name-based UUID, distinct per id', () => {
      const mapped = toKurrentEventId('caller-chosen-id');
      expect(mapped).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(toKurrentEventId('caller-chosen-id')).toBe(mapped);
      expect(toKurrentEventId('caller-chosen-id-2')).not.toBe(mapped);
      // KurrentDB answers with lowercase ids, so an uppercase UUID is mapped too and still comes back exactly.
      expect(toKurrentEventId('A3F1C2D4-5B6E-4F70-8A9B-0C1D2E3F4A5B')).not.toBe('A3F1C2D4-5B6E-4F70-8A9B-0C1D2E3F4A5B');
    });
  });

  describe('events going out and coming back', () => {
    const metadata = { correlationId: 'c-1', actor: { id: 'u-9', type: 'SYSTEM' }, schemaVersion: 2, flag: null };
    const event: SerializedEvent = {
      id: 'caller-chosen-id',
      type: 'UserCreated',
      data: JSON.stringify({ name: 'Zoë', roles: ['A'] }),
      metadata: JSON.stringify(metadata),
    };

    it('appendToStream carries metadata as JSON, with a non-UUID id kept under roster.eventId', () => {
      const data = toEventData(event);
      expect(data).toEqual({
        id: toKurrentEventId('caller-chosen-id'),
        contentType: 'application/json',
        type: 'UserCreated',
        data: { name: 'Zoë', roles: ['A'] },
        metadata: { ...metadata, [ORIGINAL_EVENT_ID_KEY]: 'caller-chosen-id' },
      });
    });

    it('multi-stream appends carry string properties: strings as they are, the rest as listed JSON text', () => {
      expect(toPropertyEventData(event).metadata).toEqual({
        correlationId: 'c-1',
        actor: '{"id":"u-9","type":"SYSTEM"}',
        schemaVersion: '2',
        flag: 'null',
        'roster.eventId': 'caller-chosen-id',
        'roster.jsonKeys': '["actor","schemaVersion","flag"]',
      });
    });

    it('refuses metadata that uses the keys the adapter owns, before anything is sent', () => {
      const clashing = { ...event, metadata: JSON.stringify({ 'roster.jsonKeys': '[]' }) };
      expect(() => toEventData(clashing)).toThrow(TypeError);
      expect(() => toPropertyEventData(clashing)).toThrow(TypeError);
    });

    it('reads both forms back to the original id, data and metadata', () => {
      const sentAsJson = toEventData(event);
      const sentAsProperties = toPropertyEventData(event);
      // What KurrentDB returns for a 25.1+ append: the properties as JSON, plus the schema keys it adds.
      const returnedProperties = {
        ...(sentAsProperties.metadata as Record<string, string>),
        '$schema.name': 'UserCreated',
        '$schema.format': 'Json',
      };

      for (const returned of [sentAsJson.metadata, returnedProperties]) {
        const { recorded } = toLocatedEvent(recordedEvent({ id: sentAsJson.id, metadata: returned }));
        expect(recorded.id).toBe('caller-chosen-id');
        expect(recorded.data).toEqual({ name: 'Zoë', roles: ['A'] });
        expect(recorded.metadata).toEqual(metadata);
      }
    });

    it('reads the revision, the commit position as position, and the creation time', () => {
      const created = new Date('2025-01-02T03:04:05.678Z');
      const located = toLocatedEvent(
        recordedEvent({ revision: 7n, position: { commit: ABOVE_2_53 + 10n, prepare: ABOVE_2_53 + 10n }, created }),
      );
      expect(located.recorded).toMatchObject({ revision: 7, position: ABOVE_2_53 + 10n, recordedAt: created });
      expect(located.logPosition).toEqual({ commit: ABOVE_2_53 + 10n, prepare: ABOVE_2_53 + 10n });
    });

    it('gives foreign events without a JSON object as data {} and without JSON metadata {}', () => {
      const binary = recordedEvent({ isJson: false, data: new Uint8Array([1, 2, 3]), metadata: new Uint8Array([9]) });
      expect(toLocatedEvent(binary).recorded).toMatchObject({ data: {}, metadata: {} });
      const jsonBytes = recordedEvent({
        isJson: false,
        data: new TextEncoder().encode('{"a":1}'),
        metadata: undefined,
      });
      expect(toLocatedEvent(jsonBytes).recorded).toMatchObject({ data: { a: 1 }, metadata: {} });
      expect(toLocatedEvent(recordedEvent({ data: [1, 2] })).recorded.data).toEqual({});
    });

    it('fails clearly when the server reports no position (EventStoreDB before 22.6)', () => {
      expect(() => toLocatedEvent(recordedEvent({ position: undefined }))).toThrow(/22\.6/);
    });
  });

  it('treats $-prefixed event types and streams as system events', () => {
    expect(isSystemEvent({ type: '$metadata', streamId: '$$user-1' })).toBe(true);
    expect(isSystemEvent({ type: '$>', streamId: '$ce-user' })).toBe(true);
    expect(isSystemEvent({ type: 'ProjectionUpdated', streamId: '$projections-x' })).toBe(true);
    expect(isSystemEvent({ type: '$statsCollected', streamId: 'stats' })).toBe(true);
    expect(isSystemEvent({ type: 'UserCreated', streamId: 'user-1' })).toBe(false);
  });
});

function recordedEvent(overrides: Record<string, unknown>): KurrentRecordedEvent {
  return {
    streamId: 'user-1',
    id: 'a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b',
    isJson: true,
    revision: 0n,
    type: 'UserCreated',
    created: new Date(),
    data: { name: 'Zoë', roles: ['A'] },
    metadata: undefined,
    position: { commit: 100n, prepare: 100n },
    ...overrides,
  } as KurrentRecordedEvent;
}

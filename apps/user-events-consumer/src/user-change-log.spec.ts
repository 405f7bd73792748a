import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReceivedUserEvent } from './received-user-event';
import { UserChangeLog } from './user-change-log';

const ALICE = '0b6f7a52-5b0e-4d3b-9d4e-1f2a3b4c5d6e';
const BOB = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

let sequence = 0;
function received(overrides: Partial<ReceivedUserEvent> = {}): ReceivedUserEvent {
  sequence += 1;
  return {
    eventId: `event-${sequence}`,
    tenantId: 'pb.amritsar',
    userId: ALICE,
    type: 'UserCreated',
    streamRevision: 0,
    position: String(sequence),
    recordedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('UserChangeLog', () => {
  let log: UserChangeLog;
  beforeEach(() => (log = new UserChangeLog(':memory:')));
  afterEach(() => log.close());

  it('records a user change log, counters per tenant and type, and the last position per user', () => {
    const created = received();
    const updated = received({ type: 'ProfileUpdated', streamRevision: 1 });
    const other = received({ tenantId: 'mh.pune', userId: BOB });
    for (const event of [created, updated, other]) expect(log.record(event)).toBe('recorded');

    expect(log.changesOf(ALICE)).toEqual({
      userId: ALICE,
      tenantId: 'pb.amritsar',
      lastStreamRevision: 1,
      lastPosition: updated.position,
      changes: [created, updated].map(({ eventId, type, streamRevision, position, recordedAt }) => ({
        eventId,
        type,
        streamRevision,
        position,
        recordedAt,
      })),
    });
    expect(log.stats()).toEqual({
      tenants: {
        'pb.amritsar': { events: 2, users: 1, eventsByType: { UserCreated: 1, ProfileUpdated: 1 } },
        'mh.pune': { events: 1, users: 1, eventsByType: { UserCreated: 1 } },
      },
      duplicatesSinceStart: 0,
    });
  });

  it('recognises a redelivered event by its id and changes nothing', () => {
    const created = received();
    log.record(created);
    const before = { changes: log.changesOf(ALICE), tenants: log.stats().tenants };

    expect(log.record(created)).toBe('duplicate');
    expect(log.record({ ...created })).toBe('duplicate');

    expect({ changes: log.changesOf(ALICE), tenants: log.stats().tenants }).toEqual(before);
    expect(log.stats().duplicatesSinceStart).toBe(2);
  });

  it('keeps the position of the highest revision when an older event arrives late', () => {
    const newer = received({ type: 'ProfileUpdated', streamRevision: 1 });
    log.record(newer);
    log.record(received({ streamRevision: 0 }));
    expect(log.changesOf(ALICE)).toMatchObject({ lastStreamRevision: 1, lastPosition: newer.position });
  });

  it('stores neither the de-duplication record nor the change when the change cannot be written', () => {
    // @ts-expect-error null where the type forbids it: violates NOT NULL after the de-dup insert
    const broken = received({ recordedAt: null });
    expect(() => log.record(broken)).toThrow(/NOT NULL/);

    expect(log.record({ ...broken, recordedAt: '2024-01-01T00:00:00.000Z' })).toBe('recorded');
    expect(log.changesOf(ALICE)?.changes).toHaveLength(1);
  });

  it("erases its copy of a user on UserErased, keeps nothing of it afterwards, and leaves the others' alone", () => {
    log.record(received());
    log.record(received({ type: 'ProfileUpdated', streamRevision: 1 }));
    log.record(received({ userId: BOB }));
    const erasure = received({ type: 'UserErased', streamRevision: 2 });

    expect(log.record(erasure)).toBe('recorded');

    expect(log.changesOf(ALICE)).toBeNull();
    expect(log.changesOf(BOB)?.changes).toHaveLength(1);
    expect(log.stats().tenants['pb.amritsar']).toEqual({
      events: 4,
      users: 1,
      eventsByType: { UserCreated: 2, ProfileUpdated: 1, UserErased: 1 },
    });
    // Redelivered, or any event of the user still on its way: recognised, and nothing of the user is stored again.
    expect(log.record(erasure)).toBe('duplicate');
    expect(log.record(received({ type: 'ProfileUpdated', streamRevision: 1 }))).toBe('erased');
    expect(log.changesOf(ALICE)).toBeNull();
  });

  it('erases a user whose UserErased comes in a page of the change feed', () => {
    const outcomes = log.recordPage(
      [received(), received({ userId: BOB }), received({ type: 'UserErased', streamRevision: 1 })],
      'cursor-1',
    );

    expect(outcomes).toEqual(['recorded', 'recorded', 'recorded']);
    expect(log.changesOf(ALICE)).toBeNull();
    expect(log.changesOf(BOB)).not.toBeNull();
    expect(log.feedCursor()).toBe('cursor-1');
  });

  it('answers null for a user it never heard of', () => {
    expect(log.changesOf(BOB)).toBeNull();
  });
});

describe('UserChangeLog on disk', () => {
  it('still recognises recorded events after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consumer-change-log-'));
    try {
      const event = received();
      const first = new UserChangeLog(join(dir, 'nested', 'log.sqlite'));
      first.record(event);
      first.close();

      const reopened = new UserChangeLog(join(dir, 'nested', 'log.sqlite'));
      expect(reopened.record(event)).toBe('duplicate');
      expect(reopened.changesOf(ALICE)?.changes).toHaveLength(1);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

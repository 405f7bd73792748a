import { InvalidCursorError } from '@roster/read-model';
import type { EventStore, Position, RecordedEvent } from '@roster/event-store';
import type { UserEventValueV1 } from '@roster/messaging';
import { userEventValueOf } from '@roster/messaging';
import type { PageCursors } from '../users/page-cursors';

/** Events read from the log at once while looking for a tenant's. */
const SCAN_PAGE = 1000;
/**
 * Most events one request passes over looking for the tenant's: a tenant with few events in a busy log gets an
 * empty page with `has_more` and a cursor further on, instead of one request reading the whole log.
 */
const MAX_SCANNED = 50_000;

/**
 * A page of the feed before its cursor is signed: `after` is the last position it passed (null: the log's start).
 * `hasMore`: the read stopped before the log's end (a full page, or the scan limit), so the next page may hold
 * more at once; false: the log's end was reached, and a client waits (`wait`, SSE) for what comes next.
 */
export interface FeedPage {
  data: UserEventValueV1[];
  after: Position | null;
  hasMore: boolean;
}

/**
 * The tenant's public user events among `events`, up to `limit`; `last` is the position of the last event looked at.
 * Events that are never published are passed over but still moved past: internal streams, and an erased user's
 * events read after its erasure (their personal data is gone; the user's UserErased is served).
 */
export function tenantEventsOf(
  events: readonly RecordedEvent[],
  tenantId: string,
  limit: number,
): { data: UserEventValueV1[]; last: Position | null; stoppedEarly: boolean } {
  const data: UserEventValueV1[] = [];
  let last: Position | null = null;
  for (const [index, event] of events.entries()) {
    last = event.position;
    // The tenant is in the metadata: other tenants' events are passed over without building their public value.
    if (event.metadata.tenantId !== tenantId) continue;
    const value = userEventValueOf(event);
    if (value === null) continue;
    data.push(value);
    if (data.length === limit) return { data, last, stoppedEarly: index < events.length - 1 };
  }
  return { data, last, stoppedEarly: false };
}

/** Reads the log after `after` for up to `limit` of the tenant's events, passing over at most MAX_SCANNED. */
export async function scanFeed(
  store: EventStore,
  tenantId: string,
  after: Position | null,
  limit: number,
): Promise<FeedPage> {
  const data: UserEventValueV1[] = [];
  let position = after;
  for (let scanned = 0; scanned < MAX_SCANNED;) {
    const events = await store.readAll(position, SCAN_PAGE);
    const found = tenantEventsOf(events, tenantId, limit - data.length);
    data.push(...found.data);
    position = found.last ?? position;
    scanned += events.length;
    const endOfLog = events.length < SCAN_PAGE && !found.stoppedEarly;
    if (endOfLog) return { data, after: position, hasMore: false };
    if (data.length === limit) return { data, after: position, hasMore: true };
  }
  return { data, after: position, hasMore: true };
}

/**
 * Holds the request until the tenant has a new event after `after` or `waitMs` ran out. A subscription from
 * the cursor is woken by the store's own commit signal, so a write answers a waiting request at once.
 */
export function awaitFeed(
  store: EventStore,
  tenantId: string,
  after: Position | null,
  limit: number,
  waitMs: number,
): Promise<FeedPage> {
  return new Promise((resolve) => {
    let last = after;
    let settled = false;
    const subscription = store.subscribeAll(
      after,
      (events) => {
        if (settled) return;
        const found = tenantEventsOf(events, tenantId, limit);
        last = found.last ?? last;
        if (found.data.length > 0) finish({ data: found.data, after: last, hasMore: found.stoppedEarly });
      },
      { batchSize: SCAN_PAGE },
    );
    const timer = setTimeout(() => finish({ data: [], after: last, hasMore: false }), waitMs);
    // A held request never keeps a stopping process alive.
    timer.unref();
    function finish(page: FeedPage): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Not awaited: stop() waits for the running handler, which may be the caller.
      void subscription.stop().finally(() => resolve(page));
    }
  });
}

/** The feed's cursors: the tenant and the position, signed like every paging cursor, so none can be forged or moved to another tenant. */
export class FeedCursors {
  constructor(private readonly cursors: PageCursors) {}

  sign(tenantId: string, position: Position | null): string {
    const text = Buffer.from(JSON.stringify([tenantId, position === null ? null : position.toString()])).toString(
      'base64url',
    );
    return this.cursors.sign(text);
  }

  /** The position a cursor of this tenant stands for; InvalidCursorError (400 naming `after`) for anything else. */
  open(tenantId: string, signed: string): Position | null {
    const text = this.cursors.open(signed);
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorError();
    }
    if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== tenantId) throw new InvalidCursorError();
    const position = decoded[1];
    if (position === null) return null;
    if (typeof position !== 'string' || !/^[0-9]{1,20}$/.test(position)) throw new InvalidCursorError();
    return BigInt(position);
  }
}

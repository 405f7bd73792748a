import type { UserEventValueV1 } from '@roster/messaging';

/** Most events one page of the change feed holds. */
export const MAX_CHANGES_LIMIT = 1000;
/** Longest a request for the change feed may wait for something new (long poll). */
export const MAX_CHANGES_WAIT_SECONDS = 30;

export interface ChangesRequest {
  /** The signed cursor of the previous page (or of an SSE event); null: from the start of the log. */
  after: string | null;
  limit: number;
  /** How long to hold an empty answer until something new arrives; 0 answers at once. */
  waitMs: number;
  /** Sign a cursor after every event too (`ChangePage.cursors`, the ids of an SSE stream); a JSON page needs none. */
  eventCursors?: boolean;
}

/**
 * One page of a tenant's change feed: its user events in log order, as the events topic publishes them.
 * `after` is where the next page starts, even when `data` is empty (the scan may have passed other tenants' events).
 */
export interface ChangePage {
  data: UserEventValueV1[];
  /** With `eventCursors`: the cursor after each event of `data` (an SSE event's id, for `Last-Event-ID`); else empty. */
  cursors: string[];
  after: string;
  hasMore: boolean;
}

import type { Position, RecordedEvent } from '@roster/event-store';
import type { EgovPageRequest, EgovReadCriteria, Page, PageRequest, UserSearchCriteria, UserView } from './user-view';

/** A cursor that is malformed, forged, or belongs to another query. */
export class InvalidCursorError extends Error {
  constructor(message = 'the paging cursor is malformed or belongs to another query') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

/** The read-model store is down or unreachable. */
export class ReadModelUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ReadModelUnavailableError';
  }
}

/**
 * Port of the user read model: domain-level queries, not a document API.
 * Abstract class so it doubles as the Nest DI token. Adapters: SQLite (embedded default), MongoDB.
 * Every paged query takes `limit` 1..100 (RangeError otherwise) and an `after` cursor from the same query;
 * a cursor that is malformed or from another query is an InvalidCursorError.
 */
export abstract class UserReadModel {
  /**
   * Projects a batch of events from the log (events of non-user streams are skipped) and stores the
   * checkpoint (the last event's position) atomically with the result where the store allows.
   * Idempotent: an event at or below a view's revision changes nothing, so replays are harmless.
   */
  abstract apply(events: RecordedEvent[]): Promise<void>;

  /** Position of the last event applied, or null before the first. */
  abstract checkpoint(): Promise<Position | null>;

  abstract getUser(tenantId: string, id: string): Promise<UserView | null>;

  /** All users of a tenant in a stable keyset order (by id). */
  abstract listUsers(tenantId: string, page: PageRequest): Promise<Page<UserView>>;

  abstract children(tenantId: string, parentId: string, page: PageRequest): Promise<Page<UserView>>;

  /** The whole subtree below a user (not the user itself). */
  abstract descendants(tenantId: string, ancestorId: string, page: PageRequest): Promise<Page<UserView>>;

  /** The user's ancestors, nearest (the parent) first. */
  abstract ancestors(tenantId: string, id: string, page: PageRequest): Promise<Page<UserView>>;

  /**
   * Case-insensitive, anchored prefix matches (`%`, `_` and the like are plain characters), criteria ANDed;
   * empty criteria are ignored, and with none every user of the tenant is listed.
   */
  abstract search(tenantId: string, criteria: UserSearchCriteria, page: PageRequest): Promise<Page<UserView>>;

  /** Users created or modified at or after `since`, by `updatedAt`; a move of an ancestor is no change of the user. */
  abstract changedSince(tenantId: string, since: Date, page: PageRequest): Promise<Page<UserView>>;

  /**
   * The egov-user search: the criteria ANDed (see EgovReadCriteria), ordered by the sort fields and then by
   * id, one offset page. Every criterion is served by an index, and every value is a bound parameter.
   * A `pageSize` outside 1..100 or a `pageNumber` that is negative or not an integer is a RangeError.
   */
  abstract searchEgov(criteria: EgovReadCriteria, page: EgovPageRequest): Promise<UserView[]>;

  /**
   * Optional hint before a large backlog is applied to a model without a checkpoint (a rebuild): the adapter
   * may trade per-batch costs (e.g. index maintenance) for one cost at `endBulkLoad`. Until `endBulkLoad`,
   * `checkpoint()` may lag behind what `apply` wrote, and queries may be slow; replays stay idempotent, so a
   * crash in between only means the load starts over. The default does nothing.
   */
  async beginBulkLoad(): Promise<void> {}

  /** Ends a bulk load: everything applied since `beginBulkLoad` is queryable and covered by `checkpoint()`. Default: nothing. */
  async endBulkLoad(): Promise<void> {}

  /** Forgets every view and the checkpoint, for a rebuild from the log. */
  abstract reset(): Promise<void>;

  abstract close(): Promise<void>;
}

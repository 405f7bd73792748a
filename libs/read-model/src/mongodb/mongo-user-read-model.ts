import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import type { Position, RecordedEvent } from '@roster/event-store';
import {
  ANCESTORS_CURSOR,
  CHANGED_SINCE_CURSOR,
  CHILDREN_CURSOR,
  decodeCursor,
  DESCENDANTS_CURSOR,
  encodeCursor,
  searchCursorKind,
  USERS_CURSOR,
} from '../cursor';
import { egovPageOf, normalizeEgovCriteria } from '../egov-search';
import { pageLimit, pageOfRows } from '../paging';
import { normalizeSearchCriteria, prefixRange, searchDriverOf } from '../search-keys';
import { subtreePrefix } from '../sqlite/materialized-path';
import { UserReadModel } from '../user-read-model';
import type { EgovPageRequest, EgovReadCriteria, Page, PageRequest, UserSearchCriteria, UserView } from '../user-view';
import type { SubtreeMove } from './batch-projection';
import { movedPath, projectBatch, userIdsReadBy } from './batch-projection';
import { databaseNameOf, readModelError } from './connection';
import { egovSearchFilter, egovSearchOrder } from './egov-search-filter';
import type { KeyedRow, KeysetAfter, ViewFilter } from './keyset-queries';
import {
  ancestorIdsPage,
  criteriaFilters,
  keysetFilter,
  keysetOrder,
  mergeByKeyset,
  nameArmExclusion,
} from './keyset-queries';
import type { CheckpointDocument, KeyField, SchemaDocument, UserViewDocument } from './user-view-document';
import {
  CHECKPOINTS,
  decodePosition,
  documentOfView,
  encodePosition,
  USER_VIEW_INDEXES,
  USER_VIEWS,
  USER_VIEWS_SCHEMA_ID,
  USER_VIEWS_SCHEMA_VERSION,
  USERS_CHECKPOINT_ID,
  viewOfDocument,
} from './user-view-document';

/**
 * Where the model lives: a connection string (the model owns the client and closes it), or a client or
 * database someone else owns (tests). The database is `databaseName`, else the connection string's path,
 * else `roster`.
 */
export type MongoUserReadModelOptions =
  { url: string; databaseName?: string } | { client: MongoClient; databaseName?: string } | { db: Db };

const DEFAULT_DATABASE = 'roster';

// A subtree move rewrites its stored descendants in bulk writes of this many, so a huge subtree is never held whole.
const MOVE_CHUNK = 1000;

const SEARCH_FIELD: Record<'email' | 'mobile', KeyField> = { email: 'emailLc', mobile: 'mobile' };
const NAME_ARMS = ['fullNameLc', 'lastNameLc'] as const;

interface Collections {
  views: Collection<UserViewDocument>;
  checkpoints: Collection<CheckpointDocument>;
}

/**
 * The read model in MongoDB, or anything speaking its protocol well enough: it also runs on FerretDB v1, so it
 * uses no transaction, change stream, $text, collation, $lookup or pipeline update — plain finds on ranges,
 * sorts, limits and bulk writes. Every query is a tenant-scoped, anchored range on an index, keyset-paged, with
 * the same order and cursors as the SQLite adapter.
 *
 * Indexes are made on first use (start-up probes the model with `checkpoint()`); a failed start is retried on
 * the next call. Connection failures surface as ReadModelUnavailableError.
 */
export class MongoUserReadModel extends UserReadModel {
  private readonly db: Db;
  private readonly ownedClient: MongoClient | null;
  private prepared: Promise<Collections> | null = null;

  constructor(options: MongoUserReadModelOptions) {
    super();
    if ('db' in options) {
      this.db = options.db;
      this.ownedClient = null;
    } else if ('client' in options) {
      this.db = options.client.db(options.databaseName ?? DEFAULT_DATABASE);
      this.ownedClient = null;
    } else {
      this.ownedClient = new MongoClient(options.url);
      this.db = this.ownedClient.db(options.databaseName ?? databaseNameOf(options.url) ?? DEFAULT_DATABASE);
    }
  }

  /**
   * Projects the batch in memory on the views it touches (read with one query), then writes:
   *   1. each subtree move, in log order: the stored descendants' paths, each update guarded by the old path;
   *   2. every changed view, in one unordered bulk write: a stored one replaced under a revision guard, a new one inserted;
   *   3. the views of users the batch erased, deleted (the view is the only document holding a user's data);
   *   4. only then the checkpoint, which never moves back.
   *
   * Without transactions a crash can stop anywhere in between; replaying the batch from the old checkpoint
   * repairs every such state, so the window is harmless:
   * - views already written are at the event's revision or above, so their events are skipped;
   * - rewrites already done left nothing under the old prefix, so redoing a move changes nothing — and
   *   since moves are written before the views, a moved user whose new view was written has no descendant
   *   left to move (its move is then skipped on replay, rightly);
   * - a checkpoint written late only means re-applying events that change nothing;
   * - an erased user's earlier events, replayed, come back unreadable and are skipped (userEventOf), so a replay
   *   never brings back a view the batch deleted.
   * The guards also keep an older batch from overwriting newer views, whatever the order of replays.
   * Readers may briefly see a move half done (descendants moved, the user not yet), until step 2 lands.
   */
  override async apply(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.run(async ({ views, checkpoints }) => {
      const stored = await this.loadViews(views, userIdsReadBy(events));
      const batch = projectBatch(events, stored);
      for (const move of batch.moves) await this.moveSubtree(views, move);
      await this.writeViews(views, batch.views, stored);
      if (batch.erased.length > 0) await views.deleteMany({ _id: { $in: batch.erased } });
      await this.advanceCheckpoint(checkpoints, events[events.length - 1].position);
    });
  }

  override async checkpoint(): Promise<Position | null> {
    return this.run(async ({ checkpoints }) => {
      const stored = await checkpoints.findOne({ _id: USERS_CHECKPOINT_ID });
      return stored === null ? null : decodePosition(stored.position);
    });
  }

  override async getUser(tenantId: string, id: string): Promise<UserView | null> {
    return this.run(async ({ views }) => {
      const document = await findUser(views, tenantId, id);
      return document === null ? null : viewOfDocument(document);
    });
  }

  override async listUsers(tenantId: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    return this.run(({ views }) => listAll(views, tenantId, limit, page.after, USERS_CURSOR));
  }

  override async children(tenantId: string, parentId: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const [afterId] = page.after ? decodeCursor(page.after, CHILDREN_CURSOR, ['string']) : [''];
    return this.run(async ({ views }) => {
      const parent = await findUser(views, tenantId, parentId);
      if (parent === null) return { items: [], after: null };
      const filter = { tenantId, path: subtreePrefix(viewOfDocument(parent)), _id: { $gt: afterId } };
      const rows = await views
        .find(filter)
        .sort({ _id: 1 })
        .limit(limit + 1)
        .toArray();
      return pageOfRows(rows, limit, viewOfDocument, (row) => encodeCursor(CHILDREN_CURSOR, [row._id]));
    });
  }

  /** Ordered by path, then id: the direct children first, then each family of siblings, parents in depth-first order. */
  override async descendants(tenantId: string, ancestorId: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const after = page.after ? decodeCursor(page.after, DESCENDANTS_CURSOR, ['string', 'string']) : null;
    return this.run(async ({ views }) => {
      const ancestor = await findUser(views, tenantId, ancestorId);
      if (ancestor === null) return { items: [], after: null };
      const subtree = prefixRange(subtreePrefix(viewOfDocument(ancestor)));
      const rows = await keysetPage(views, tenantId, 'path', keysetFilter('path', subtree, after), limit);
      return pageOfRows(rows, limit, viewOfDocument, (row) => encodeCursor(DESCENDANTS_CURSOR, [row.path, row._id]));
    });
  }

  override async ancestors(tenantId: string, id: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const [afterDepth] = page.after ? decodeCursor(page.after, ANCESTORS_CURSOR, ['integer']) : [null];
    return this.run(async ({ views }) => {
      const user = await findUser(views, tenantId, id);
      if (user === null) return { items: [], after: null };
      const idsPage = ancestorIdsPage(viewOfDocument(user), afterDepth, limit, ANCESTORS_CURSOR);
      const found = await views.find({ tenantId, _id: { $in: idsPage.items } }).toArray();
      const byId = new Map(found.map((document) => [document._id, viewOfDocument(document)]));
      return { items: idsPage.items.flatMap((ancestorId) => byId.get(ancestorId) ?? []), after: idsPage.after };
    });
  }

  /**
   * One criterion drives an anchored index range (e-mail, else mobile, else name: the most selective first);
   * the others filter its rows. The cursor's kind names the driver, so it only continues the same search.
   */
  override async search(tenantId: string, criteria: UserSearchCriteria, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const normalized = normalizeSearchCriteria(criteria);
    const driver = searchDriverOf(normalized);
    if (driver === null)
      return this.run(({ views }) => listAll(views, tenantId, limit, page.after, searchCursorKind('none')));
    const kind = searchCursorKind(driver);
    const after = page.after ? decodeCursor(page.after, kind, ['string', 'string']) : null;
    const prefix = normalized[driver] as string;
    const others = criteriaFilters(normalized, driver);
    return this.run(async ({ views }) => {
      const rows =
        driver === 'name'
          ? await searchByName(views, tenantId, prefix, others, after, limit)
          : await searchByKey(views, tenantId, SEARCH_FIELD[driver], prefix, others, after, limit);
      return pageOfRows(
        rows,
        limit,
        (row) => viewOfDocument(row.document),
        (row) => encodeCursor(kind, [row.key, row.document._id]),
      );
    });
  }

  /** Ordered by `updatedAt`, then id. A subtree move above a user does not count as a change of that user. */
  override async changedSince(tenantId: string, since: Date, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const sinceMs = since.getTime();
    if (Number.isNaN(sinceMs)) throw new RangeError('changedSince needs a valid date');
    const after = page.after ? decodeCursor(page.after, CHANGED_SINCE_CURSOR, ['integer', 'string']) : null;
    return this.run(async ({ views }) => {
      const filter = keysetFilter('updatedMs', { from: sinceMs, to: null }, after);
      const rows = await keysetPage(views, tenantId, 'updatedMs', filter, limit);
      return pageOfRows(rows, limit, viewOfDocument, (row) =>
        encodeCursor(CHANGED_SINCE_CURSOR, [row.updatedMs, row._id]),
      );
    });
  }

  /** One find: the criteria as one filter, sorted by the sort fields then _id, skipped to the page. */
  override async searchEgov(criteria: EgovReadCriteria, page: EgovPageRequest): Promise<UserView[]> {
    const { limit, offset, sort } = egovPageOf(page);
    const normalized = normalizeEgovCriteria(criteria);
    if (normalized === null) return [];
    return this.run(async ({ views }) => {
      const rows = await views
        .find(egovSearchFilter(normalized))
        .sort(egovSearchOrder(sort))
        .skip(offset)
        .limit(limit)
        .toArray();
      return rows.map(viewOfDocument);
    });
  }

  /** Drops the views (a drop is far quicker than deleting a million documents) and the checkpoint, then re-indexes. */
  override async reset(): Promise<void> {
    await this.run(async ({ views, checkpoints }) => {
      await views.drop();
      await checkpoints.deleteOne({ _id: USERS_CHECKPOINT_ID });
      await createIndexes(views);
    });
  }

  override async close(): Promise<void> {
    await this.ownedClient?.close();
  }

  /** Runs an operation on the prepared collections, reporting connection failures as ReadModelUnavailableError. */
  private async run<T>(operation: (collections: Collections) => Promise<T>): Promise<T> {
    try {
      return await operation(await this.collections());
    } catch (error) {
      throw readModelError(error);
    }
  }

  private collections(): Promise<Collections> {
    this.prepared ??= this.prepare().catch((error: unknown) => {
      this.prepared = null; // retried by the next call, once the server is back
      throw error;
    });
    return this.prepared;
  }

  private async prepare(): Promise<Collections> {
    const views = this.db.collection<UserViewDocument>(USER_VIEWS);
    const checkpoints = this.db.collection<CheckpointDocument>(CHECKPOINTS);
    await this.upgradeSchema(views, checkpoints);
    await createIndexes(views);
    return { views, checkpoints };
  }

  /**
   * Views stored by another version of the adapter (no version recorded: the first) lack fields and keys:
   * they are dropped with the checkpoint, so the projector rebuilds them from the log, as SQLite does.
   */
  private async upgradeSchema(
    views: Collection<UserViewDocument>,
    checkpoints: Collection<CheckpointDocument>,
  ): Promise<void> {
    const schemas = this.db.collection<SchemaDocument>(CHECKPOINTS);
    const stored = await schemas.findOne({ _id: USER_VIEWS_SCHEMA_ID });
    if (stored?.version === USER_VIEWS_SCHEMA_VERSION) return;
    const hasViews = (await views.findOne({}, { projection: { _id: 1 } })) !== null;
    if (stored !== null || hasViews) {
      await views.drop().catch(() => undefined); // already gone: nothing to drop
      await checkpoints.deleteOne({ _id: USERS_CHECKPOINT_ID });
    }
    await schemas.replaceOne({ _id: USER_VIEWS_SCHEMA_ID }, { version: USER_VIEWS_SCHEMA_VERSION }, { upsert: true });
  }

  /** The stored view of each id, null for an id without one: one query for the whole batch. */
  private async loadViews(views: Collection<UserViewDocument>, ids: string[]): Promise<Map<string, UserView | null>> {
    const stored = new Map<string, UserView | null>(ids.map((id) => [id, null]));
    if (ids.length === 0) return stored;
    for (const document of await views.find({ _id: { $in: ids } }).toArray())
      stored.set(document._id, viewOfDocument(document));
    return stored;
  }

  /**
   * Rewrites the path and depth of every stored descendant, in chunks. Each update is guarded by the path it
   * replaces, so a replay (or a second pass over a row) changes nothing. A pipeline update could do this in
   * one statement, but FerretDB v1 has none; rewritten rows leave the range being read, so the scan ends.
   */
  private async moveSubtree(views: Collection<UserViewDocument>, move: SubtreeMove): Promise<void> {
    const subtree = prefixRange(move.fromPrefix);
    const filter = { tenantId: move.tenantId, ...keysetFilter('path', subtree, null) };
    const cursor = views.find(filter, { projection: { path: 1, depth: 1 } });
    let updates: AnyBulkWriteOperation<UserViewDocument>[] = [];
    for await (const { _id, path, depth } of cursor) {
      updates.push({
        updateOne: {
          filter: { _id, path },
          update: { $set: { path: movedPath(path, move), depth: depth + move.depthShift } },
        },
      });
      if (updates.length === MOVE_CHUNK) {
        await views.bulkWrite(updates, { ordered: false });
        updates = [];
      }
    }
    if (updates.length > 0) await views.bulkWrite(updates, { ordered: false });
  }

  /**
   * One unordered bulk write of the changed views:
   * - a view the batch found stored is replaced only while its stored revision is below the new one, so a
   *   newer view is never overwritten and a replayed one is left alone quietly;
   * - a view the batch found unstored is inserted. Its _id collides only if another writer stored it after the
   *   batch read it: the write fails, and the retried batch finds the view stored and takes the guarded path.
   * Not an upsert guarded by revision: that collides on _id whenever the stored view is newer, i.e. on every
   * replay (and FerretDB v1 stops an update command at its first failing write, even when unordered). Inserts
   * also keep a rebuild fast on FerretDB v1, which scans the collection for any update filter but a bare _id.
   */
  private async writeViews(
    views: Collection<UserViewDocument>,
    changed: UserView[],
    stored: ReadonlyMap<string, UserView | null>,
  ): Promise<void> {
    if (changed.length === 0) return;
    const writes = changed.map((view): AnyBulkWriteOperation<UserViewDocument> => {
      const document = documentOfView(view);
      if (stored.get(view.id) === null) return { insertOne: { document } };
      const { _id, ...replacement } = document;
      return { replaceOne: { filter: { _id, revision: { $lt: view.revision } }, replacement } };
    });
    await views.bulkWrite(writes, { ordered: false });
  }

  // $max compares the zero-padded strings, which order like the positions: a replayed older batch cannot move it back.
  private async advanceCheckpoint(checkpoints: Collection<CheckpointDocument>, position: Position): Promise<void> {
    await checkpoints.updateOne(
      { _id: USERS_CHECKPOINT_ID },
      { $max: { position: encodePosition(position) } },
      { upsert: true },
    );
  }
}

/**
 * One index at a time: FerretDB v1 drops the connection when one createIndexes call names several indexes
 * that all exist already. Creating an existing index is otherwise a no-op, so start-up is idempotent.
 */
async function createIndexes(views: Collection<UserViewDocument>): Promise<void> {
  for (const { name, key } of USER_VIEW_INDEXES) await views.createIndex(key, { name });
}

/**
 * A user by id in a tenant. The filter is the id alone — the primary key on MongoDB, and the only filter
 * FerretDB v1 answers without a scan — and the tenant is checked on the row.
 */
async function findUser(
  views: Collection<UserViewDocument>,
  tenantId: string,
  id: string,
): Promise<UserViewDocument | null> {
  const document = await views.findOne({ _id: id });
  return document !== null && document.tenantId === tenantId ? document : null;
}

/** Up to `limit + 1` rows of a tenant matching `filter`, in (field, _id) order. */
function keysetPage(
  views: Collection<UserViewDocument>,
  tenantId: string,
  field: KeyField,
  filter: ViewFilter,
  limit: number,
): Promise<UserViewDocument[]> {
  return views
    .find({ tenantId, ...filter })
    .sort(keysetOrder(field))
    .limit(limit + 1)
    .toArray();
}

// Every user of the tenant by id, under the cursor kind of the query that asked (a list, a search without criteria).
async function listAll(
  views: Collection<UserViewDocument>,
  tenantId: string,
  limit: number,
  after: string | null | undefined,
  kind: string,
): Promise<Page<UserView>> {
  const [afterId] = after ? decodeCursor(after, kind, ['string']) : [''];
  const rows = await views
    .find({ tenantId, _id: { $gt: afterId } })
    .sort({ _id: 1 })
    .limit(limit + 1)
    .toArray();
  return pageOfRows(rows, limit, viewOfDocument, (row) => encodeCursor(kind, [row._id]));
}

async function searchByKey(
  views: Collection<UserViewDocument>,
  tenantId: string,
  field: KeyField,
  prefix: string,
  others: ViewFilter[],
  after: KeysetAfter<string> | null,
  limit: number,
): Promise<KeyedRow[]> {
  const filter = { $and: [keysetFilter(field, prefixRange(prefix), after), ...others] };
  const rows = await keysetPage(views, tenantId, field, filter, limit);
  return rows.map((document) => ({ key: document[field] as string, document }));
}

/**
 * A name matches a prefix of "first last" or of the last name: two anchored index ranges, read in order and
 * merged. A user matching both is served once, by the arm whose key is smaller, and that key is its place in
 * the order — so the keyset cursor (key, id) stays exact across pages.
 */
async function searchByName(
  views: Collection<UserViewDocument>,
  tenantId: string,
  prefix: string,
  others: ViewFilter[],
  after: KeysetAfter<string> | null,
  limit: number,
): Promise<KeyedRow[]> {
  const arms = await Promise.all(
    NAME_ARMS.map(async (arm) => {
      const filter = {
        $and: [keysetFilter(arm, prefixRange(prefix), after), nameArmExclusion(arm, prefix), ...others],
      };
      const rows = await keysetPage(views, tenantId, arm, filter, limit);
      return rows.map((document) => ({ key: document[arm], document }));
    }),
  );
  return mergeByKeyset(arms, limit + 1);
}

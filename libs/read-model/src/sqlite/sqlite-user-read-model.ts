import type { Database, Statement } from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Position, RecordedEvent } from '@roster/event-store';
import { WalCheckpointer } from '@roster/event-store/sqlite';
import type { SearchDriver } from '../cursor';
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
import { egovPageOf, egovSearchKeysOf, normalizeEgovCriteria } from '../egov-search';
import { pageLimit, pageOfRows } from '../paging';
import type { PrefixRange } from '../search-keys';
import { normalizeSearchCriteria, prefixRange, searchDriverOf, searchKeysOf } from '../search-keys';
import { UserReadModel } from '../user-read-model';
import type { EgovPageRequest, EgovReadCriteria, Page, PageRequest, UserSearchCriteria, UserView } from '../user-view';
import type { UserStreamEvent } from '../user-view.projection';
import { projectUserEvent, userEventOf } from '../user-view.projection';
import { BatchViews } from './batch-views';
import { egovSearchQuery } from './egov-search-query';
import { COMPACTION_PENDING, MARK_COMPACTION_PENDING, ReadModelCompactor } from './read-model-compactor';
import { ancestorsOfPath, pathOf, subtreePrefix } from './materialized-path';
import type { ReadModelDatabaseOptions } from './schema';
import {
  createSecondaryIndexes,
  dropSecondaryIndexes,
  openReadModelDatabase,
  READ_MODEL_AUTOCHECKPOINT_PAGES,
} from './schema';

export type SqliteUserReadModelOptions = ReadModelDatabaseOptions & {
  /** Page cache while a bulk load runs (default 512 MiB; the usual cache comes back at its end). */
  bulkLoadCacheSizeMiB?: number;
  /**
   * For a process that only answers queries beside the process that projects (an HTTP worker of the all-in-one
   * process): the connection refuses writes, and WAL checkpoints, truncation and compaction are left to the writer's
   * process — a reader's truncating checkpoint would only wait on the other readers and hold the projector off.
   */
  queryOnly?: boolean;
};

const DEFAULT_BULK_LOAD_CACHE_MIB = 512;

/** Helper threads SQLite may use to sort while endBulkLoad builds the indexes: one per core (SQLite caps it at 8). */
const INDEX_BUILD_THREADS = Math.max(availableParallelism() - 1, 1);

/** From this many users in a batch on, their views are read with one query (a lookup each costs more). */
const VIEWS_READ_TOGETHER_FROM = 10;

/** How long close waits for a compaction under way; one not finished by then runs at the next open. */
const CLOSE_WAITS_FOR_COMPACTION_MS = 30_000;

/** The view as stored in its JSON column; the hierarchy lives in the path and depth columns, which a subtree move rewrites. */
type StoredView = Omit<UserView, 'ancestors' | 'depth'>;

interface ViewRow {
  id: string;
  view: string;
  path: string;
  depth: number;
}

/** A row of a keyset-paged query: `sort_key` is the column the page is ordered by, then `id`. */
interface KeyedViewRow extends ViewRow {
  sort_key: string | number;
}

// SQLite orders every TEXT value below every BLOB: the upper bound of a prefix that has no finite one.
const ABOVE_EVERY_TEXT = Buffer.from([0xff]);

const VIEW_COLUMNS = 'id, view, path, depth';

/*
 * A keyset page seeks to the cursor's row value (key, id). The start of the range is only checked, never sought:
 * the unary + hides that bound from the planner, which would otherwise seek there and rescan every earlier page.
 */
const keysetRange = (column: string, fromParameter: string, toParameter: string) =>
  `+${column} >= @${fromParameter} AND ${column} < @${toParameter} AND (${column}, id) > (@afterKey, @afterId)`;

const EMAIL_MATCH = '(email_lc >= @emailFrom AND email_lc < @emailTo)';
const MOBILE_MATCH = '(mobile >= @mobileFrom AND mobile < @mobileTo)';
const FULL_NAME_MATCH = '(full_name_lc >= @nameFrom AND full_name_lc < @nameTo)';
const LAST_NAME_MATCH = '(last_name_lc >= @nameFrom AND last_name_lc < @nameTo)';
// A criterion that does not drive the scan filters its rows; when absent (null) it lets every row through.
const EMAIL_FILTER = `(@emailFrom IS NULL OR ${EMAIL_MATCH})`;
const MOBILE_FILTER = `(@mobileFrom IS NULL OR ${MOBILE_MATCH})`;
const NAME_FILTER = `(@nameFrom IS NULL OR ${FULL_NAME_MATCH} OR ${LAST_NAME_MATCH})`;

const SQL = {
  loadView: `SELECT ${VIEW_COLUMNS} FROM user_views WHERE id = ?`,
  loadViews: `SELECT ${VIEW_COLUMNS} FROM user_views WHERE id IN (SELECT value FROM json_each(?))`,
  writeView: `
    INSERT INTO user_views (
      id, tenant_id, path, depth, email_lc, mobile, full_name_lc, last_name_lc, updated_ms,
      state_tenant, user_name_lc, name_lc, alt_mobile, user_type, active, created_ms, numeric_id, view)
    VALUES (
      @id, @tenantId, @path, @depth, @emailLc, @mobile, @fullNameLc, @lastNameLc, @updatedMs,
      @stateTenant, @userNameLc, @nameLc, @altMobile, @userType, @active, @createdMs, @numericId, @view)
    ON CONFLICT (id) DO UPDATE SET
      tenant_id = excluded.tenant_id, path = excluded.path, depth = excluded.depth,
      email_lc = excluded.email_lc, mobile = excluded.mobile, full_name_lc = excluded.full_name_lc,
      last_name_lc = excluded.last_name_lc, updated_ms = excluded.updated_ms,
      state_tenant = excluded.state_tenant, user_name_lc = excluded.user_name_lc, name_lc = excluded.name_lc,
      alt_mobile = excluded.alt_mobile, user_type = excluded.user_type, active = excluded.active,
      created_ms = excluded.created_ms, numeric_id = excluded.numeric_id, view = excluded.view`,
  deleteView: `DELETE FROM user_views WHERE id = ?`,
  deleteRoles: `DELETE FROM user_roles WHERE user_id = ?`,
  insertRole: `INSERT INTO user_roles (user_id, code, state_tenant) VALUES (?, ?, ?)`,
  moveSubtree: `
    UPDATE user_views SET path = @toPrefix || substr(path, length(@fromPrefix) + 1), depth = depth + @depthShift
    WHERE tenant_id = @tenantId AND path >= @fromPrefix AND path < @fromPrefixEnd`,
  readCheckpoint: `SELECT position FROM projection_checkpoint WHERE id = 1`,
  writeCheckpoint: `
    INSERT INTO projection_checkpoint (id, position) VALUES (1, ?)
    ON CONFLICT (id) DO UPDATE SET position = excluded.position`,
  clearViews: `DELETE FROM user_views`,
  clearRoles: `DELETE FROM user_roles`,
  clearCheckpoint: `DELETE FROM projection_checkpoint`,
  markCompactionPending: MARK_COMPACTION_PENDING,
  compactionPending: COMPACTION_PENDING,

  getUser: `SELECT ${VIEW_COLUMNS} FROM user_views WHERE id = @id AND tenant_id = @tenantId`,
  usersByIds: `SELECT ${VIEW_COLUMNS} FROM user_views WHERE tenant_id = @tenantId AND id IN (SELECT value FROM json_each(@ids))`,
  listUsers: `
    SELECT ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND id > @afterId
    ORDER BY id LIMIT @limit`,
  children: `
    SELECT ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND path = @path AND id > @afterId
    ORDER BY id LIMIT @limit`,
  descendants: `
    SELECT path AS sort_key, ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND ${keysetRange('path', 'pathFrom', 'pathTo')}
    ORDER BY path, id LIMIT @limit`,
  changedSince: `
    SELECT updated_ms AS sort_key, ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND +updated_ms >= @sinceMs AND (updated_ms, id) > (@afterKey, @afterId) -- + as in keysetRange
    ORDER BY updated_ms, id LIMIT @limit`,

  searchByEmail: `
    SELECT email_lc AS sort_key, ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND ${keysetRange('email_lc', 'emailFrom', 'emailTo')}
      AND ${MOBILE_FILTER} AND ${NAME_FILTER}
    ORDER BY email_lc, id LIMIT @limit`,
  searchByMobile: `
    SELECT mobile AS sort_key, ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND ${keysetRange('mobile', 'mobileFrom', 'mobileTo')}
      AND ${EMAIL_FILTER} AND ${NAME_FILTER}
    ORDER BY mobile, id LIMIT @limit`,
  /*
   * A name matches a prefix of "first last" or of the last name: two anchored index scans merged in order
   * (SQLite merges the two ordered arms, no sort). A user matching both is served once, by the arm whose key
   * is smaller, and that key is its place in the order — so the keyset cursor (key, id) stays exact.
   */
  searchByName: `
    SELECT full_name_lc AS sort_key, ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND ${keysetRange('full_name_lc', 'nameFrom', 'nameTo')}
      AND NOT (${LAST_NAME_MATCH} AND last_name_lc < full_name_lc)
      AND ${EMAIL_FILTER} AND ${MOBILE_FILTER}
    UNION ALL
    SELECT last_name_lc AS sort_key, ${VIEW_COLUMNS} FROM user_views
    WHERE tenant_id = @tenantId AND ${keysetRange('last_name_lc', 'nameFrom', 'nameTo')}
      AND NOT (${FULL_NAME_MATCH} AND full_name_lc <= last_name_lc)
      AND ${EMAIL_FILTER} AND ${MOBILE_FILTER}
    ORDER BY sort_key, id LIMIT @limit`,
} as const;

type Statements = { [Name in keyof typeof SQL]: Statement };

const SEARCH_STATEMENT: Record<SearchDriver, keyof typeof SQL> = {
  email: 'searchByEmail',
  mobile: 'searchByMobile',
  name: 'searchByName',
};

/**
 * The embedded read model: one SQLite file, rebuildable from the log.
 *
 * Projection runs one transaction per batch and commits the checkpoint in it, so rows and checkpoint never
 * disagree after a crash. Every query is an anchored, tenant-scoped range on an index, keyset-paged.
 *
 * A batch that erases users deletes their rows and marks a compaction pending in the same transaction; the
 * ReadModelCompactor then rebuilds the file on a worker thread and clears the mark. The next write waits for it
 * (reads go on). Opening the file truncates its WAL, and first finishes a compaction a crash left pending.
 */
export class SqliteUserReadModel extends UserReadModel {
  private readonly db: Database;
  private readonly inMemory: boolean;
  private readonly queryOnly: boolean;
  private readonly checkpointer: WalCheckpointer | null;
  private readonly compactor: ReadModelCompactor | null;
  /** The open's truncating checkpoint (and pending compaction): checkpoint() and writes wait for it. */
  private readonly opened: Promise<void>;
  private readonly sql: Statements;
  private readonly bulkLoadCacheSizeMiB: number;
  /** Projects a batch in one transaction; true when it deleted an erased user's rows. */
  private readonly applyBatch: (events: RecordedEvent[]) => boolean;
  private readonly readConsistently: <T>(read: () => T) => T;
  private readonly egovStatements = new Map<string, Statement>();
  /**
   * While a bulk load runs: the position applied so far, stored as the checkpoint by endBulkLoad, and whether a
   * batch erased someone (its compaction runs once, at endBulkLoad, instead of holding up every batch).
   */
  private bulkLoad: { position: Position | null; cacheSize: number; erased: boolean } | null = null;
  /** While a batch is projected: the stored views of its users, read in one query before its first event. */
  private readAhead: Map<string, UserView | null> | null = null;

  constructor(options: SqliteUserReadModelOptions) {
    super();
    this.db = openReadModelDatabase(options);
    this.inMemory = options.file === ':memory:';
    this.queryOnly = options.queryOnly === true;
    const maintains = !this.inMemory && !this.queryOnly;
    // Also SQLite's own guard, should a write ever bypass writable().
    if (this.queryOnly) this.db.pragma('query_only = ON');
    // WAL checkpoints on a worker thread: a projector batch that triggers one no longer stalls the event loop.
    this.checkpointer = maintains
      ? new WalCheckpointer(this.db, options.file, {
          synchronous: 'NORMAL',
          fallbackAutocheckpointPages: READ_MODEL_AUTOCHECKPOINT_PAGES,
        })
      : null;
    this.sql = prepareStatements(this.db);
    this.compactor = maintains ? new ReadModelCompactor(options.file) : null;
    this.opened = this.finishOpening();
    this.bulkLoadCacheSizeMiB = options.bulkLoadCacheSizeMiB ?? DEFAULT_BULK_LOAD_CACHE_MIB;
    const applyInTransaction = this.db.transaction((events: RecordedEvent[]) => this.projectBatch(events));
    this.applyBatch = (events) => applyInTransaction.immediate(events);
    // Queries that read twice (a user, then its subtree or ancestors) see one snapshot, even with a writer in another process.
    const readInTransaction = this.db.transaction((read: () => unknown) => read());
    this.readConsistently = <T>(read: () => T) => readInTransaction(read) as T;
  }

  override async apply(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.writable();
    const erased = this.applyBatch(events);
    if (this.bulkLoad === null) {
      if (erased) this.compactor?.compact();
      return;
    }
    // Only once the batch committed: endBulkLoad stores this position as the checkpoint.
    const position = events[events.length - 1].position;
    if (this.bulkLoad.position === null || position > this.bulkLoad.position) this.bulkLoad.position = position;
    this.bulkLoad.erased ||= erased;
  }

  /**
   * Resolves once no compaction runs nor waits: from then on, no byte of a user erased by a batch applied so far is
   * left in the files (the database, its WAL, its shared memory).
   */
  whenCompacted(): Promise<void> {
    return this.opened.then(() => this.compactor?.idle());
  }

  override async checkpoint(): Promise<Position | null> {
    await this.opened;
    return this.readCheckpoint();
  }

  override async getUser(tenantId: string, id: string): Promise<UserView | null> {
    return this.findUser(tenantId, id);
  }

  override async listUsers(tenantId: string, page: PageRequest): Promise<Page<UserView>> {
    return this.listAll(tenantId, pageLimit(page), page.after, USERS_CURSOR);
  }

  override async children(tenantId: string, parentId: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const [afterId] = page.after ? decodeCursor(page.after, CHILDREN_CURSOR, ['string']) : [''];
    const rows = this.readConsistently(() => {
      const parent = this.findUser(tenantId, parentId);
      if (parent === null) return [];
      return this.sql.children.all({ tenantId, path: subtreePrefix(parent), afterId, limit: limit + 1 }) as ViewRow[];
    });
    return pageOfRows(rows, limit, viewOfRow, (row) => encodeCursor(CHILDREN_CURSOR, [row.id]));
  }

  /** Ordered by path, then id: the direct children first, then each family of siblings, parents in depth-first order. */
  override async descendants(tenantId: string, ancestorId: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const cursor = page.after ? decodeCursor(page.after, DESCENDANTS_CURSOR, ['string', 'string']) : null;
    const rows = this.readConsistently(() => {
      const ancestor = this.findUser(tenantId, ancestorId);
      if (ancestor === null) return [];
      const subtree = prefixRange(subtreePrefix(ancestor));
      const [afterKey, afterId] = cursor ?? [subtree.from, ''];
      const bounds = { pathFrom: subtree.from, pathTo: subtree.to ?? ABOVE_EVERY_TEXT };
      return this.sql.descendants.all({ tenantId, ...bounds, afterKey, afterId, limit: limit + 1 }) as KeyedViewRow[];
    });
    return pageOfRows(rows, limit, viewOfRow, (row) => encodeCursor(DESCENDANTS_CURSOR, [row.sort_key, row.id]));
  }

  override async ancestors(tenantId: string, id: string, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const [afterDepth] = page.after ? decodeCursor(page.after, ANCESTORS_CURSOR, ['integer']) : [null];
    return this.readConsistently(() => {
      const user = this.findUser(tenantId, id);
      if (user === null) return { items: [], after: null };
      // An ancestor's depth is its index in the root-first list; the cursor is the depth last served.
      const before = afterDepth === null ? user.depth : Math.min(Math.max(afterDepth, 0), user.depth);
      const nearestFirst = user.ancestors
        .slice(0, before)
        .map((ancestorId, depth) => ({ ancestorId, depth }))
        .reverse();
      const idsPage = pageOfRows(
        nearestFirst.slice(0, limit + 1),
        limit,
        (ancestor) => ancestor.ancestorId,
        (ancestor) => encodeCursor(ANCESTORS_CURSOR, [ancestor.depth]),
      );
      return { items: this.findUsersInOrder(tenantId, idsPage.items), after: idsPage.after };
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
    if (driver === null) return this.listAll(tenantId, limit, page.after, searchCursorKind('none'));
    const kind = searchCursorKind(driver);
    const drivingRange = prefixRange(normalized[driver] as string);
    const [afterKey, afterId] = page.after
      ? decodeCursor(page.after, kind, ['string', 'string'])
      : [drivingRange.from, ''];
    const rows = this.sql[SEARCH_STATEMENT[driver]].all({
      tenantId,
      ...rangeParameters('email', normalized.email),
      ...rangeParameters('mobile', normalized.mobile),
      ...rangeParameters('name', normalized.name),
      afterKey,
      afterId,
      limit: limit + 1,
    }) as KeyedViewRow[];
    return pageOfRows(rows, limit, viewOfRow, (row) => encodeCursor(kind, [row.sort_key, row.id]));
  }

  /** Ordered by `updatedAt`, then id. A subtree move above a user does not count as a change of that user. */
  override async changedSince(tenantId: string, since: Date, page: PageRequest): Promise<Page<UserView>> {
    const limit = pageLimit(page);
    const sinceMs = since.getTime();
    if (Number.isNaN(sinceMs)) throw new RangeError('changedSince needs a valid date');
    const [afterKey, afterId] = page.after
      ? decodeCursor(page.after, CHANGED_SINCE_CURSOR, ['integer', 'string'])
      : [sinceMs, ''];
    const rows = this.sql.changedSince.all({
      tenantId,
      sinceMs,
      afterKey,
      afterId,
      limit: limit + 1,
    }) as KeyedViewRow[];
    return pageOfRows(rows, limit, viewOfRow, (row) => encodeCursor(CHANGED_SINCE_CURSOR, [row.sort_key, row.id]));
  }

  /**
   * One statement composed of fixed fragments, one per criterion present, so SQLite's planner sees only real
   * conditions and seeks the index of the most selective one; every value is a bound parameter.
   */
  override async searchEgov(criteria: EgovReadCriteria, page: EgovPageRequest): Promise<UserView[]> {
    const { limit, offset, sort } = egovPageOf(page);
    const normalized = normalizeEgovCriteria(criteria);
    if (normalized === null) return [];
    const query = egovSearchQuery(normalized, sort);
    const statement = this.egovStatement(query.sql);
    const rows = statement.all({ ...query.parameters, limit, offset }) as ViewRow[];
    return rows.map(viewOfRow);
  }

  /**
   * Drops the secondary indexes and enlarges the page cache; `apply` then writes rows without the checkpoint
   * (the primary key keeps replays idempotent). A crash before endBulkLoad leaves no checkpoint, so the
   * projector starts the load over, and the next open recreates any missing index.
   */
  override async beginBulkLoad(): Promise<void> {
    if (this.bulkLoad !== null) return;
    await this.writable();
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.transaction(() => dropSecondaryIndexes(this.db)).immediate();
    this.db.pragma(`cache_size = ${-Math.round(this.bulkLoadCacheSizeMiB * 1024)}`);
    this.bulkLoad = { position: null, cacheSize, erased: false };
  }

  /** Builds the secondary indexes (one sorted pass each) and stores the checkpoint, in one transaction. */
  override async endBulkLoad(): Promise<void> {
    const bulkLoad = this.bulkLoad;
    if (bulkLoad === null) return;
    await this.writable();
    // Each index build is a scan and a sort of every row (most of its time in the sort): with helper threads SQLite
    // sorts parts of it on the other cores (a 100k-user build took ~40 % less wall time on 2 cores).
    this.db.pragma(`threads = ${INDEX_BUILD_THREADS}`);
    try {
      this.db
        .transaction(() => {
          createSecondaryIndexes(this.db);
          if (bulkLoad.position !== null) this.advanceCheckpoint(bulkLoad.position);
        })
        .immediate();
    } finally {
      this.db.pragma('threads = 0');
    }
    this.db.pragma(`cache_size = ${bulkLoad.cacheSize}`);
    this.bulkLoad = null;
    if (bulkLoad.erased) this.compactor?.compact();
  }

  override async reset(): Promise<void> {
    if (this.bulkLoad !== null) this.bulkLoad.position = null;
    await this.writable();
    this.db
      .transaction(() => {
        this.sql.clearViews.run();
        this.sql.clearRoles.run();
        this.sql.clearCheckpoint.run();
      })
      .immediate();
  }

  override async close(): Promise<void> {
    if (this.compactor !== null) {
      // The erase command closes right after its erasures: their compaction should finish first, as no projector
      // may open the file again soon. One that takes longer stays marked in the file and runs at the next open.
      const giveUp = new AbortController();
      const waited = await Promise.race([
        this.whenCompacted().then(() => true),
        sleep(CLOSE_WAITS_FOR_COMPACTION_MS, false, { signal: giveUp.signal }).catch(() => true),
      ]);
      giveUp.abort();
      if (!waited) console.warn('read model: closed during a compaction; it runs again when the read model opens');
      await this.compactor.stop();
    }
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  /**
   * Truncates the WAL left by the last process, and first rebuilds the file if that process applied an erasure
   * but died before its compaction ended (the mark its batch committed is still there).
   */
  private async finishOpening(): Promise<void> {
    if (this.compactor === null) return;
    if (this.sql.compactionPending.get() !== undefined) this.compactor.compact();
    else this.compactor.truncateWal();
    await this.compactor.idle();
  }

  /**
   * Writes wait for the open and for a compaction under way: its truncating checkpoint holds new writers off, and
   * this connection would otherwise block the event loop on SQLITE_BUSY for up to its busy timeout.
   */
  private async writable(): Promise<void> {
    if (this.queryOnly)
      throw new Error('this read model connection is query-only: the projector writes the read model');
    await this.opened;
    await this.compactor?.idle();
  }

  private projectBatch(events: RecordedEvent[]): boolean {
    // The role codes of each view as loaded, so role rows are rewritten only when they changed.
    const storedRoleCodes = new Map<string, string[]>();
    const userEvents: [UserStreamEvent, number][] = [];
    for (const record of events) {
      const userEvent = userEventOf(record);
      if (userEvent !== null) userEvents.push([userEvent, record.revision]);
    }
    this.readAhead = this.storedViews(new Set(userEvents.map(([{ userId }]) => userId)));
    const views = new BatchViews((id) => {
      const view = this.readAhead?.has(id) ? (this.readAhead.get(id) as UserView | null) : this.loadView(id);
      if (view !== null) storedRoleCodes.set(id, egovSearchKeysOf(view).roleCodes);
      return view;
    });
    try {
      for (const [userEvent, revision] of userEvents) this.project(views, userEvent, revision);
    } finally {
      this.readAhead = null;
    }
    for (const view of views.changedViews()) {
      const row = rowOfView(view);
      this.sql.writeView.run(row.columns);
      if (!sameCodes(storedRoleCodes.get(view.id) ?? [], row.roleCodes))
        this.writeRoles(view.id, row.columns.stateTenant, row.roleCodes);
    }
    // Every row holding any of an erased user's data: its view (with the search and egov columns) and its roles.
    const erased = views.erasedIds();
    for (const id of erased) {
      this.sql.deleteView.run(id);
      this.sql.deleteRoles.run(id);
    }
    if (erased.length > 0) this.sql.markCompactionPending.run();
    if (this.bulkLoad === null) this.advanceCheckpoint(events[events.length - 1].position);
    return erased.length > 0;
  }

  private writeRoles(userId: string, stateTenant: string, codes: readonly string[]): void {
    this.sql.deleteRoles.run(userId);
    for (const code of codes) this.sql.insertRole.run(userId, code, stateTenant);
  }

  private project(views: BatchViews, { userId, event }: UserStreamEvent, revision: number): void {
    const current = views.get(userId);
    const next = projectUserEvent(current, event, revision, (id) => views.get(id)?.ancestors ?? null);
    if (next === null) {
      if (current !== null) views.erase(userId);
      return;
    }
    if (next === current) return;
    views.put(next);
    if (current !== null && current.parentId !== next.parentId) this.moveDescendants(views, current, next);
  }

  // One range update re-roots the stored subtree; it is idempotent, as nothing is left under the old prefix.
  private moveDescendants(views: BatchViews, before: UserView, after: UserView): void {
    const from = prefixRange(subtreePrefix(before));
    const { changes } = this.sql.moveSubtree.run({
      tenantId: after.tenantId,
      fromPrefix: from.from,
      fromPrefixEnd: from.to ?? ABOVE_EVERY_TEXT,
      toPrefix: subtreePrefix(after),
      depthShift: after.depth - before.depth,
    });
    // Rows read ahead may have moved: what is not held yet is read again. (Most links move no stored row: a user
    // linked as it is created has no descendants yet.)
    if (changes > 0) this.readAhead = null;
    views.moveDescendants(after);
  }

  // Statements by text: the fragments are a fixed set, so the cache stays small.
  private egovStatement(sql: string): Statement {
    let statement = this.egovStatements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.egovStatements.set(sql, statement);
    }
    return statement;
  }

  private advanceCheckpoint(position: Position): void {
    const stored = this.readCheckpoint();
    if (stored === null || position > stored) this.sql.writeCheckpoint.run(position.toString());
  }

  private readCheckpoint(): Position | null {
    const row = this.sql.readCheckpoint.get() as { position: string } | undefined;
    return row === undefined ? null : BigInt(row.position);
  }

  /** The stored views of a batch's users (null: none stored), read in one query when they are many; else null. */
  private storedViews(ids: Set<string>): Map<string, UserView | null> | null {
    if (ids.size < VIEWS_READ_TOGETHER_FROM) return null;
    const views = new Map<string, UserView | null>();
    for (const id of ids) views.set(id, null);
    for (const row of this.sql.loadViews.all(JSON.stringify([...ids])) as ViewRow[]) views.set(row.id, viewOfRow(row));
    return views;
  }

  private loadView(id: string): UserView | null {
    const row = this.sql.loadView.get(id) as ViewRow | undefined;
    return row === undefined ? null : viewOfRow(row);
  }

  private findUser(tenantId: string, id: string): UserView | null {
    const row = this.sql.getUser.get({ tenantId, id }) as ViewRow | undefined;
    return row === undefined ? null : viewOfRow(row);
  }

  private findUsersInOrder(tenantId: string, ids: readonly string[]): UserView[] {
    if (ids.length === 0) return [];
    const rows = this.sql.usersByIds.all({ tenantId, ids: JSON.stringify(ids) }) as ViewRow[];
    const byId = new Map(rows.map((row) => [row.id, viewOfRow(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  // Every user of the tenant by id, under the cursor kind of the query that asked (a list, a search without criteria).
  private listAll(tenantId: string, limit: number, after: string | null | undefined, kind: string): Page<UserView> {
    const [afterId] = after ? decodeCursor(after, kind, ['string']) : [''];
    const rows = this.sql.listUsers.all({ tenantId, afterId, limit: limit + 1 }) as ViewRow[];
    return pageOfRows(rows, limit, viewOfRow, (row) => encodeCursor(kind, [row.id]));
  }
}

function prepareStatements(db: Database): Statements {
  const entries = Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]);
  return Object.fromEntries(entries) as Statements;
}

/** Named parameters of one criterion's prefix range; both null when the criterion is absent. */
function rangeParameters(criterion: SearchDriver, prefix: string | undefined): Record<string, string | Buffer | null> {
  const range: PrefixRange | null = prefix === undefined ? null : prefixRange(prefix);
  return {
    [`${criterion}From`]: range === null ? null : range.from,
    [`${criterion}To`]: range === null ? null : (range.to ?? ABOVE_EVERY_TEXT),
  };
}

function viewOfRow(row: ViewRow): UserView {
  const stored = JSON.parse(row.view) as StoredView;
  return { ...stored, ancestors: ancestorsOfPath(row.path), depth: row.depth };
}

function rowOfView(view: UserView): {
  columns: Record<string, string | number | null> & { stateTenant: string };
  roleCodes: string[];
} {
  const { ancestors, depth, ...stored } = view;
  const keys = searchKeysOf(view);
  const egov = egovSearchKeysOf(view);
  return {
    columns: {
      id: view.id,
      tenantId: view.tenantId,
      path: pathOf(ancestors),
      depth,
      emailLc: keys.emailLc,
      mobile: keys.mobile,
      fullNameLc: keys.fullNameLc,
      lastNameLc: keys.lastNameLc,
      updatedMs: Date.parse(view.updatedAt),
      stateTenant: egov.stateTenant,
      userNameLc: egov.userNameLc,
      nameLc: egov.nameLc,
      altMobile: egov.altMobile,
      userType: view.userType,
      active: view.active ? 1 : 0,
      createdMs: egov.createdMs,
      numericId: view.numericId,
      view: JSON.stringify(stored satisfies StoredView),
    },
    roleCodes: egov.roleCodes,
  };
}

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((code, i) => code === b[i]);
}

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  AppendResult,
  BatchHandler,
  EventRewrite,
  Position,
  RewritableEventStore,
  RecordedEvent,
  StreamAppend,
  Subscription,
  SubscribeOptions,
} from '../event-store';
import {
  DuplicateEventIdError,
  EventStore,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../event-store';
import { checkExpectedRevision } from '../expected-revision';
import type { SerializedAppend, SerializedEvent, StoredEvent } from '../serialized-event';
import { serializeAppends, toRecordedEvent } from '../serialized-event';
import type { SubscriptionOptions } from '../subscription/polling-subscription';
import { SubscriptionHub } from '../subscription/subscription-hub';
import type { Outcome } from './group-commit';
import { GroupCommit } from './group-commit';
import { WalCheckpointer } from './wal-checkpointer';

export interface SqliteEventStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  file: string;
  /** How often a caught-up subscription looks for events written by another process (default 150 ms). */
  pollIntervalMs?: number;
  /** How long a write waits for another process holding the write lock before giving up (default 5000 ms). */
  busyTimeoutMs?: number;
  subscription?: SubscriptionOptions;
  /**
   * Run WAL checkpoints on a worker thread instead of inside commits (default true). When false, SQLite
   * checkpoints inside a commit every 1000 pages, on the caller's thread.
   */
  backgroundCheckpoints?: boolean;
  /**
   * Told after each commit that wrote events, so that another process sharing the file can wake its subscriptions
   * (`eventsCommittedElsewhere`) instead of waiting for their next poll.
   */
  onCommitted?: () => void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    -- AUTOINCREMENT: a position is never handed out twice, even if the newest rows were deleted, so checkpoints stay valid
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL, -- JSON
    metadata    TEXT    NOT NULL, -- JSON
    recorded_at INTEGER NOT NULL, -- milliseconds since the epoch
    UNIQUE (stream, revision)
  )`;

const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at AS recordedAt';

/** SQLite result codes (and their extended forms) after which the store cannot serve the request. */
const UNAVAILABLE_CODES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_READONLY',
  'SQLITE_PROTOCOL',
  'SQLITE_NOMEM',
  'SQLITE_PERM',
];

type Statements = ReturnType<typeof prepareStatements>;
type AppendRequest = SerializedAppend[];

/**
 * The embedded event store: one SQLite file in DATA_DIR, the default when no server is configured.
 *
 * - WAL with synchronous=FULL: an acknowledged append is on disk (survives SIGKILL and power loss), and
 *   readers, in this or another process, never block the writer. Several processes may share the file;
 *   a writer waits up to `busyTimeoutMs` for another's write lock.
 * - Group commit: an fsync per append would cap throughput at the disk's fsync rate. Appends submitted in
 *   the same event-loop turn share one transaction and one fsync; each runs under its own savepoint, so a
 *   conflict fails only its own caller, and every caller is answered only after the COMMIT.
 * - WAL checkpoints (copying the WAL back into the database file) run on a worker thread with its own
 *   connection (`WalCheckpointer`), not inside a commit on the event loop.
 * - Subscriptions are woken right after a commit in this process; another process writing to the same file
 *   cannot wake them, so they also poll every `pollIntervalMs`.
 */
export class SqliteEventStore extends EventStore implements RewritableEventStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  /** Nested inside `writeGroup`, so better-sqlite3 runs it as a savepoint. */
  private readonly writeRequest: Database.Transaction<(request: AppendRequest, recordedAt: number) => AppendResult>;
  private readonly writeGroup: Database.Transaction<
    (requests: AppendRequest[], recordedAt: number) => Outcome<AppendResult>[]
  >;
  private readonly groupCommit: GroupCommit<AppendRequest, AppendResult>;
  private readonly subscriptions: SubscriptionHub;
  private readonly checkpointer: WalCheckpointer | null;
  private readonly onCommitted: (() => void) | undefined;
  private readonly busyTimeoutMs: number;
  private closing: Promise<void> | undefined;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    super();
    this.db = openDurableSqlite(options.file, options.busyTimeoutMs ?? 5000, SCHEMA, 'SQLite event store');
    this.onCommitted = options.onCommitted;
    this.statements = prepareStatements(this.db);
    this.checkpointer =
      options.backgroundCheckpoints === false || options.file === ':memory:'
        ? null
        : new WalCheckpointer(this.db, options.file);
    this.writeRequest = this.db.transaction((request: AppendRequest, recordedAt: number) =>
      this.writeAppends(request, recordedAt),
    );
    this.writeGroup = this.db.transaction((requests: AppendRequest[], recordedAt: number) =>
      requests.map((request) => this.tryWriteRequest(request, recordedAt)),
    );
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.groupCommit = new GroupCommit((requests) => this.commitGroup(requests), {
      retryWhen: isLockedByAnotherConnection,
      retryForMs: this.busyTimeoutMs,
    });
    this.subscriptions = new SubscriptionHub((after, limit) => this.readAll(after, limit), {
      ...options.subscription,
      pollIntervalMs: options.pollIntervalMs ?? 150,
    });
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    this.assertOpen();
    return this.groupCommit.submit(serializeAppends(appends));
  }

  protected async readStreamEvents(stream: string, fromRevision: number): Promise<RecordedEvent[]> {
    return this.run(() => this.statements.readStream.all(stream, fromRevision)).map(toRecordedEvent);
  }

  async readAll(after: Position | null, limit: number): Promise<RecordedEvent[]> {
    return this.run(() => this.statements.readAll.all(after ?? 0n, limit)).map(toRecordedEvent);
  }

  async headPosition(): Promise<Position | null> {
    return this.currentHead();
  }

  subscribeAll(after: Position | null, handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.subscriptions.subscribe(after, handler, options);
  }

  /** In one transaction, with the old cells overwritten (secure_delete); `compact` removes what that cannot reach. */
  async rewrite(rewrites: EventRewrite[]): Promise<void> {
    this.run(() =>
      this.db
        .transaction(() => {
          for (const { position, stream, data } of rewrites) {
            const { changes } = this.statements.rewrite.run(stream, JSON.stringify(data), position);
            if (changes !== 1) throw new Error(`no event at position ${position}`);
          }
        })
        .immediate(),
    );
  }

  /**
   * VACUUM, then a truncating checkpoint. secure_delete zeroes a deleted cell where it is, but not the copies SQLite
   * leaves behind when it moves cells between pages (a rewritten row grows; pages split and merge), and the WAL holds
   * old page images: rebuilding the file and emptying the WAL leaves no rewritten byte anywhere.
   */
  async compact(): Promise<void> {
    this.run(() => this.db.exec('VACUUM'));
    // A reader (another process, the checkpointer thread) can hold the WAL for a moment: try again, then say so.
    for (let attempt = 0; attempt < 50; attempt++) {
      const [result] = this.run(() => this.db.pragma('wal_checkpoint(TRUNCATE)')) as Array<{ busy: number }>;
      if (result?.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new EventStoreUnavailableError('SQLite event store: the WAL could not be checkpointed after a compaction');
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.subscriptions.close();
    this.groupCommit.flush();
    this.closed = true;
    await this.checkpointer?.stop();
    this.db.close();
  }

  private commitGroup(requests: AppendRequest[]): Outcome<AppendResult>[] {
    // IMMEDIATE takes the write lock up front, so a busy file fails here and not halfway through the group.
    const outcomes = this.run(() =>
      withoutBusyWait(this.db, this.busyTimeoutMs, () => this.writeGroup.immediate(requests, Date.now())),
    );
    if (outcomes.some((outcome) => outcome.ok)) {
      this.subscriptions.eventsCommitted();
      this.onCommitted?.();
    }
    return outcomes;
  }

  /** Another process committed events to the file: subscriptions read them now rather than at their next poll. */
  eventsCommittedElsewhere(): void {
    this.subscriptions.eventsCommitted();
  }

  /** Only a rejected append becomes its caller's outcome; any other error aborts the whole group. */
  private tryWriteRequest(request: AppendRequest, recordedAt: number): Outcome<AppendResult> {
    try {
      return { ok: true, value: this.writeRequest(request, recordedAt) };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
        return { ok: false, error };
      }
      throw error;
    }
  }

  private writeAppends(appends: AppendRequest, recordedAt: number): AppendResult {
    const revisions: Record<string, number> = {};
    let lastPosition: Position | undefined;
    for (const { stream, events, expectedRevision } of appends) {
      let revision = this.statements.streamRevision.get(stream) ?? -1;
      checkExpectedRevision(stream, expectedRevision, revision);
      for (const event of events) lastPosition = this.insert(event, stream, ++revision, recordedAt);
      revisions[stream] = revision;
    }
    return { position: lastPosition ?? this.currentHead() ?? 0n, revisions };
  }

  private insert(event: SerializedEvent, stream: string, revision: number, recordedAt: number): Position {
    try {
      const { lastInsertRowid } = this.statements.insert.run(
        event.id,
        stream,
        revision,
        event.type,
        event.data,
        event.metadata,
        recordedAt,
      );
      return BigInt(lastInsertRowid);
    } catch (error) {
      if (isDuplicateEventId(error)) throw new DuplicateEventIdError(event.id);
      throw error;
    }
  }

  private currentHead(): Position | null {
    const head = this.run(() => this.statements.headPosition.get());
    return head === null || head === undefined ? null : BigInt(head);
  }

  /** Runs a statement, turning errors that mean the store cannot serve into EventStoreUnavailableError. */
  private run<T>(statement: () => T): T {
    this.assertOpen();
    try {
      return statement();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('SQLite event store is closed');
  }
}

/**
 * Opens (creating its folder and `schema`) a durable SQLite file as Roster's stores keep them: WAL, synchronous=FULL
 * (an acknowledged write survives power loss), and secure_delete, so bytes a store deletes or replaces (a destroyed
 * key, personal data rewritten encrypted) are overwritten, not left in free space. Per connection: every open sets it.
 * Failures are EventStoreUnavailableError naming `what` and the file.
 */
export function openDurableSqlite(
  file: string,
  busyTimeoutMs: number,
  schema: string,
  what: string,
): Database.Database {
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec(schema);
    return db;
  } catch (error) {
    db?.close();
    throw new EventStoreUnavailableError(`cannot open ${what} ${file}: ${String(error)}`, error);
  }
}

function prepareStatements(db: Database.Database) {
  return {
    streamRevision: db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream = ?').pluck(),
    insert: db.prepare<[string, string, number, string, string, string, number]>(
      'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    readStream: db.prepare<[string, number], StoredEvent>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`,
    ),
    readAll: db.prepare<[Position, number], StoredEvent>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    headPosition: db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck(),
    rewrite: db.prepare<[string, string, Position]>('UPDATE events SET stream = ?, data = ? WHERE position = ?'),
  };
}

/**
 * By name, not `instanceof`: better-sqlite3 registers its error class with the native addon once per thread,
 * so a second copy of the module (a test runner's per-file module registry) throws errors of the first copy's class.
 */
function isSqliteError(error: unknown): error is Error & { code: string } {
  // Not even `instanceof Error`: that copy may come from another realm (a test runner's per-file context).
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  return name === 'SqliteError' && typeof code === 'string' && typeof message === 'string';
}

function isDuplicateEventId(error: unknown): boolean {
  return isSqliteError(error) && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('events.id');
}

/**
 * Runs a write that must not wait on the event loop for another connection's lock: SQLite's busy timeout would sleep
 * right here. With several processes writing one file (the all-in-one's HTTP workers) that wait is common (another
 * commit's fsync), so the write fails at once with SQLITE_BUSY and its GroupCommit tries again shortly instead.
 */
export function withoutBusyWait<T>(db: Database.Database, busyTimeoutMs: number, write: () => T): T {
  db.pragma('busy_timeout = 0');
  try {
    return write();
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** Whether an error (or the SQLite error it wraps) says another connection holds the file's lock. */
export function isLockedByAnotherConnection(error: unknown): boolean {
  const cause = error instanceof EventStoreUnavailableError ? error.cause : error;
  return isSqliteError(cause) && cause.code.startsWith('SQLITE_BUSY');
}

function toStoreError(error: unknown): unknown {
  if (isSqliteError(error) && UNAVAILABLE_CODES.some((code) => error.code.startsWith(code))) {
    return new EventStoreUnavailableError(`SQLite event store unavailable: ${error.message}`, error);
  }
  return error;
}

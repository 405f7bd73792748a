import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReceivedUserEvent } from './received-user-event';

/** `erased`: the event is of a user erased before it; it is marked processed, and nothing of the user is kept. */
export type RecordOutcome = 'recorded' | 'duplicate' | 'erased';

export interface UserChange {
  eventId: string;
  type: string;
  streamRevision: number;
  position: string;
  recordedAt: string;
}

export interface UserChanges {
  userId: string;
  tenantId: string;
  lastStreamRevision: number;
  lastPosition: string;
  /** In the order they were received. */
  changes: UserChange[];
}

export interface TenantStats {
  events: number;
  users: number;
  eventsByType: Record<string, number>;
}

export interface ConsumerStats {
  tenants: Record<string, TenantStats>;
  /** Deliveries recognised as already recorded since this process started (at-least-once delivery at work). */
  duplicatesSinceStart: number;
}

const SCHEMA = `
  -- The de-duplication record: one row per event id ever recorded.
  CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY) WITHOUT ROWID;

  -- Everything below is this service's own state; replace it with yours.
  CREATE TABLE IF NOT EXISTS user_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- arrival order
    event_id        TEXT    NOT NULL,
    tenant_id       TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    stream_revision INTEGER NOT NULL,
    position        TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS user_changes_by_user ON user_changes (user_id, seq);
  CREATE TABLE IF NOT EXISTS event_counts (
    tenant_id TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    events    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, type)
  ) WITHOUT ROWID;
  -- Where a consumer following Roster's change feed (CONSUMER_SOURCE=changes) resumes: the feed's signed cursor.
  CREATE TABLE IF NOT EXISTS feed_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), cursor TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS user_positions (
    user_id         TEXT    PRIMARY KEY,
    tenant_id       TEXT    NOT NULL,
    stream_revision INTEGER NOT NULL,
    position        TEXT    NOT NULL
  ) WITHOUT ROWID;
  -- Users erased in Roster (UserErased): only the id, so that nothing about them is kept again.
  CREATE TABLE IF NOT EXISTS erased_users (user_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL) WITHOUT ROWID;`;

/**
 * The consumer's state in one SQLite file: a change log per user and tenant, event counters per tenant and
 * type, and each user's last position.
 *
 * `record` writes the de-duplication record and the state change in ONE transaction. Either both are on disk
 * or neither is, so an event redelivered after a crash (its offset was not committed yet) is recognised as
 * recorded, and an event whose state change failed is not mistaken for one.
 *
 * A UserErased erases this service's copy of the user: its change log and position are deleted (with SQLite's
 * secure_delete, so the bytes are overwritten), and its id is remembered so that no later delivery stores
 * anything of it again. The event counters are per tenant and type, about nobody: they keep counting.
 */
export class UserChangeLog {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly recordOnce: (event: ReceivedUserEvent) => RecordOutcome;
  private readonly recordPageOnce: (events: ReceivedUserEvent[], cursor: string) => RecordOutcome[];
  private duplicates = 0;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // An erased user's rows are overwritten, not only unlinked from the b-tree.
    this.db.pragma('secure_delete = ON');
    // FULL: a commit is on disk before the handler returns and the offset may be committed; with NORMAL a
    // power loss could drop a change whose offset the broker already holds, and nothing would redeliver it.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.statements = prepareStatements(this.db);
    this.recordOnce = this.db.transaction((event: ReceivedUserEvent) => this.recordInTransaction(event));
    this.recordPageOnce = this.db.transaction((events: ReceivedUserEvent[], cursor: string) => {
      const outcomes = events.map((event) => this.recordInTransaction(event));
      this.statements.moveFeedCursor.run(cursor);
      return outcomes;
    });
  }

  /**
   * A page of Roster's change feed and the cursor after it, in ONE transaction: a consumer that dies mid-way
   * resumes from the last committed cursor and finds every event of that page either recorded or not at all.
   */
  recordPage(events: ReceivedUserEvent[], cursor: string): RecordOutcome[] {
    const outcomes = this.recordPageOnce(events, cursor);
    this.duplicates += outcomes.filter((outcome) => outcome === 'duplicate').length;
    return outcomes;
  }

  /** Where a feed consumer resumes; null before its first page. */
  feedCursor(): string | null {
    return (this.statements.feedCursor.get() as { cursor: string } | undefined)?.cursor ?? null;
  }

  /** Stores `event` unless its id was recorded before; throws (and stores nothing) when the write fails. */
  record(event: ReceivedUserEvent): RecordOutcome {
    const outcome = this.recordOnce(event);
    if (outcome === 'duplicate') this.duplicates += 1;
    return outcome;
  }

  changesOf(userId: string): UserChanges | null {
    const user = this.statements.userPosition.get(userId) as
      { tenantId: string; streamRevision: number; position: string } | undefined;
    if (!user) return null;
    const changes = this.statements.changesOfUser.all(userId) as UserChange[];
    return {
      userId,
      tenantId: user.tenantId,
      lastStreamRevision: user.streamRevision,
      lastPosition: user.position,
      changes,
    };
  }

  stats(): ConsumerStats {
    const tenants: Record<string, TenantStats> = {};
    const tenant = (id: string) => (tenants[id] ??= { events: 0, users: 0, eventsByType: {} });
    for (const { tenantId, type, events } of this.statements.eventCounts.all() as {
      tenantId: string;
      type: string;
      events: number;
    }[]) {
      tenant(tenantId).eventsByType[type] = events;
      tenant(tenantId).events += events;
    }
    for (const { tenantId, users } of this.statements.usersPerTenant.all() as { tenantId: string; users: number }[]) {
      tenant(tenantId).users = users;
    }
    return { tenants, duplicatesSinceStart: this.duplicates };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Nest calls this after the Kafka consumer has disconnected, so no message is being recorded any more. */
  onApplicationShutdown(): void {
    this.close();
  }

  private recordInTransaction(event: ReceivedUserEvent): RecordOutcome {
    if (this.statements.markProcessed.run(event.eventId).changes === 0) return 'duplicate';
    if (this.statements.isErased.get(event.userId) !== undefined) return 'erased';
    this.statements.countEvent.run(event);
    if (event.type === USER_ERASED) {
      this.statements.deleteChanges.run(event.userId);
      this.statements.deleteUserPosition.run(event.userId);
      this.statements.markErased.run(event.userId, event.recordedAt);
      return 'recorded';
    }
    this.statements.appendChange.run(event);
    this.statements.moveUserPosition.run(event);
    return 'recorded';
  }
}

/** The event after which Roster holds nothing of a user any more, and neither may its consumers. */
const USER_ERASED = 'UserErased';

function prepareStatements(db: Database.Database) {
  return {
    isErased: db.prepare('SELECT 1 FROM erased_users WHERE user_id = ?'),
    markErased: db.prepare('INSERT OR IGNORE INTO erased_users (user_id, erased_at) VALUES (?, ?)'),
    deleteChanges: db.prepare('DELETE FROM user_changes WHERE user_id = ?'),
    deleteUserPosition: db.prepare('DELETE FROM user_positions WHERE user_id = ?'),
    markProcessed: db.prepare('INSERT OR IGNORE INTO processed_events (event_id) VALUES (?)'),
    appendChange: db.prepare(
      `INSERT INTO user_changes (event_id, tenant_id, user_id, type, stream_revision, position, recorded_at)
       VALUES (@eventId, @tenantId, @userId, @type, @streamRevision, @position, @recordedAt)`,
    ),
    countEvent: db.prepare(
      `INSERT INTO event_counts (tenant_id, type, events) VALUES (@tenantId, @type, 1)
       ON CONFLICT (tenant_id, type) DO UPDATE SET events = events + 1`,
    ),
    // Per user the revision orders events; the position (a string here) follows it.
    moveUserPosition: db.prepare(
      `INSERT INTO user_positions (user_id, tenant_id, stream_revision, position) VALUES (@userId, @tenantId, @streamRevision, @position)
       ON CONFLICT (user_id) DO UPDATE SET stream_revision = excluded.stream_revision, position = excluded.position
       WHERE excluded.stream_revision > user_positions.stream_revision`,
    ),
    userPosition: db.prepare(
      'SELECT tenant_id AS tenantId, stream_revision AS streamRevision, position FROM user_positions WHERE user_id = ?',
    ),
    changesOfUser: db.prepare(
      `SELECT event_id AS eventId, type, stream_revision AS streamRevision, position, recorded_at AS recordedAt
       FROM user_changes WHERE user_id = ? ORDER BY seq`,
    ),
    eventCounts: db.prepare('SELECT tenant_id AS tenantId, type, events FROM event_counts'),
    moveFeedCursor: db.prepare(
      'INSERT INTO feed_cursor (id, cursor) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor',
    ),
    feedCursor: db.prepare('SELECT cursor FROM feed_cursor WHERE id = 1'),
    usersPerTenant: db.prepare(
      'SELECT tenant_id AS tenantId, COUNT(*) AS users FROM user_positions GROUP BY tenant_id',
    ),
  };
}

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PENDING_COMPACTION_TABLE } from './read-model-compactor';

// Bump when the tables change: a file of another version is dropped and rebuilt from the log. 4: files written
// before secure_delete may hold stale copies of old values in free space; dropping them (now zeroed) clears that.
const SCHEMA_VERSION = 4;

/**
 * One row per user: the view as JSON (so a get is one primary-key lookup) plus the columns the queries seek on.
 * Every index leads with tenant_id, so no query can cross tenants, and ends with id, the keyset tie-breaker.
 * Every index slows projection (one fewer made a rebuild ~13 % faster), so there is none on parent_id: the children of a user
 * are the rows whose path equals its subtree prefix, an equality seek on the path index.
 * A rowid table keeps a rebuild's inserts appending instead of splitting pages at random UUIDs.
 */
const CREATE_TABLES = `
  CREATE TABLE user_views (
    id            TEXT PRIMARY KEY NOT NULL,
    tenant_id     TEXT NOT NULL,
    path          TEXT NOT NULL,
    depth         INTEGER NOT NULL,
    email_lc      TEXT,
    mobile        TEXT,
    full_name_lc  TEXT NOT NULL,
    last_name_lc  TEXT NOT NULL,
    updated_ms    INTEGER NOT NULL,
    -- The egov search's keys (see egov-search.ts); its indexes lead with the state-level tenant.
    state_tenant  TEXT NOT NULL,
    user_name_lc  TEXT,
    name_lc       TEXT NOT NULL,
    alt_mobile    TEXT,
    user_type     TEXT NOT NULL,
    active        INTEGER NOT NULL,
    created_ms    INTEGER NOT NULL,
    numeric_id    INTEGER,
    view          TEXT NOT NULL
  );

  -- One row per distinct role code a user holds: "holds all these codes" is a grouped index seek per code.
  CREATE TABLE user_roles (
    user_id       TEXT NOT NULL,
    code          TEXT NOT NULL,
    state_tenant  TEXT NOT NULL,
    PRIMARY KEY (user_id, code)
  ) WITHOUT ROWID;

  -- TEXT: a log position is an unsigned 64-bit number, beyond both JS numbers and SQLite's signed INTEGER.
  CREATE TABLE projection_checkpoint (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    position  TEXT NOT NULL
  );
`;

/**
 * The secondary indexes. A bulk load (a rebuild) drops them and creates them again at its end: one sorted
 * build per index instead of a random insert into every index for every row. Created IF NOT EXISTS on every
 * open, so an interrupted bulk load never leaves a file without them. The path index stays during a bulk
 * load: projecting a parent change re-roots the user's stored subtree with a range update on the path, which
 * would scan the whole table without it.
 */
export const SECONDARY_INDEXES: readonly {
  name: string;
  table?: string;
  columns: string;
  keptDuringBulkLoad?: boolean;
}[] = [
  { name: 'user_views_by_tenant', columns: 'tenant_id, id' },
  { name: 'user_views_by_path', columns: 'tenant_id, path, id', keptDuringBulkLoad: true },
  { name: 'user_views_by_email', columns: 'tenant_id, email_lc, id' },
  { name: 'user_views_by_mobile', columns: 'tenant_id, mobile, id' },
  { name: 'user_views_by_full_name', columns: 'tenant_id, full_name_lc, id' },
  { name: 'user_views_by_last_name', columns: 'tenant_id, last_name_lc, id' },
  { name: 'user_views_by_updated', columns: 'tenant_id, updated_ms, id' },
  // The egov search: each criterion and each sort field has one, within the state-level tenant.
  { name: 'user_views_egov_by_name', columns: 'state_tenant, name_lc, id' },
  { name: 'user_views_egov_by_user_name', columns: 'state_tenant, user_name_lc, id' },
  { name: 'user_views_egov_by_mobile', columns: 'state_tenant, mobile, id' },
  { name: 'user_views_egov_by_alt_mobile', columns: 'state_tenant, alt_mobile, id' },
  { name: 'user_views_egov_by_email', columns: 'state_tenant, email_lc, id' },
  { name: 'user_views_egov_by_type', columns: 'state_tenant, user_type, active, name_lc, id' },
  { name: 'user_views_egov_by_created', columns: 'state_tenant, created_ms, id' },
  { name: 'user_views_egov_by_updated', columns: 'state_tenant, updated_ms, id' },
  { name: 'user_views_egov_by_numeric_id', columns: 'state_tenant, numeric_id, id' },
  { name: 'user_roles_by_code', table: 'user_roles', columns: 'state_tenant, code, user_id' },
];

export function createSecondaryIndexes(db: Database.Database): void {
  for (const { name, table = 'user_views', columns } of SECONDARY_INDEXES) {
    db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${columns})`);
  }
}

/** Drops the indexes a bulk load can do without. */
export function dropSecondaryIndexes(db: Database.Database): void {
  for (const { name, keptDuringBulkLoad } of SECONDARY_INDEXES)
    if (!keptDuringBulkLoad) db.exec(`DROP INDEX IF EXISTS ${name}`);
}

const DROP_TABLES = `
  DROP TABLE IF EXISTS user_views;
  DROP TABLE IF EXISTS user_roles;
  DROP TABLE IF EXISTS projection_checkpoint;
`;

export interface ReadModelDatabaseOptions {
  /** Database file; its folder is created when missing. ":memory:" for a throwaway model. */
  file: string;
  /** SQLite page cache; bounded so the all-in-one process stays small. */
  cacheSizeMiB?: number;
}

const IN_MEMORY = ':memory:';
/** The WAL size (in 4 KiB pages) at which the writer checkpoints by itself when no WalCheckpointer does it. */
export const READ_MODEL_AUTOCHECKPOINT_PAGES = 16384;
const DEFAULT_CACHE_SIZE_MIB = 64;

export function openReadModelDatabase({
  file,
  cacheSizeMiB = DEFAULT_CACHE_SIZE_MIB,
}: ReadModelDatabaseOptions): Database.Database {
  if (file !== IN_MEMORY) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // An erased user's rows must leave no byte behind: deleted (and overwritten) content is zeroed in the pages, and
  // after an erasure the file is rebuilt and the WAL truncated (ReadModelCompactor), so no moved copy stays either.
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  // Losing the last commits in a power cut is fine: the checkpoint is lost with the rows it covers, and the
  // projector re-applies them from the log. WAL with NORMAL never corrupts the file.
  db.pragma('synchronous = NORMAL');
  // A batch dirties index pages all over the file; checkpointing the WAL every 64 MiB instead of every 4 MiB
  // copies a page back once for many batches (a rebuild in batches of 1,000 ran ~35 % faster). The size limit
  // shrinks the file back after a checkpoint.
  db.pragma(`wal_autocheckpoint = ${READ_MODEL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = ${-Math.round(cacheSizeMiB * 1024)}`);
  db.pragma('temp_store = MEMORY');
  ensureSchema(db);
  return db;
}

// Checked inside a write transaction, so two processes opening a new file do not both create it.
function ensureSchema(db: Database.Database): void {
  db.transaction(() => {
    if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
      db.exec(DROP_TABLES);
      db.exec(CREATE_TABLES);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    // Outside the version check: files of version 4 get it without a rebuild, and a pending mark survives a new version.
    db.exec(PENDING_COMPACTION_TABLE);
    createSecondaryIndexes(db);
  }).immediate();
}

import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Bench } from '../bench';
import { userCreation } from '../bulk-load';
import type { Figure } from '../results';
import { median } from '../stats';

export interface SqliteReference {
  /** Rows/s inserting in transactions of BATCH rows: what a bulk load or a rebuild could reach at best. */
  batched: Figure;
  /** Commits/s with one row per transaction: the disk's fsync rate, what appends without group commit would get. */
  commits: Figure;
}

const BATCH = 10_000;
const BATCHED_ROWS = 200_000;
const COMMIT_SECONDS = 2;
const MAX_COMMITS = 50_000;

/** The event store's table and pragmas (journal_mode=WAL, synchronous=FULL), without the store around it. */
const TABLE = `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision)
  )`;

type Row = [string, string, number, string, string, string, number];

function openScratch(dir: string): { db: Database.Database; insert: Database.Statement<Row> } {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(TABLE);
  const insert = db.prepare<Row>(
    'INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return { db, insert };
}

/** The rows of the benchmark's own user events, serialized the way the store serializes them. */
function rowsOf(count: number): Row[] {
  const rows: Row[] = [];
  for (let index = 0; rows.length < count; index++) {
    const { stream, events } = userCreation(index);
    events.forEach((event, revision) =>
      rows.push([
        randomUUID(),
        stream,
        revision,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        Date.now(),
      ]),
    );
  }
  return rows.slice(0, count);
}

function batchedInserts(dir: string, rows: Row[]): number {
  const { db, insert } = openScratch(dir);
  const insertBatch = db.transaction((batch: Row[]) => batch.forEach((row) => insert.run(...row)));
  const started = performance.now();
  for (let start = 0; start < rows.length; start += BATCH) insertBatch(rows.slice(start, start + BATCH));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows.length / seconds;
}

function singleCommits(dir: string, rows: Row[]): number {
  const { db, insert } = openScratch(dir);
  const started = performance.now();
  const deadline = started + COMMIT_SECONDS * 1000;
  let commits = 0;
  while (performance.now() < deadline && commits < Math.min(MAX_COMMITS, rows.length)) insert.run(...rows[commits++]);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return commits / seconds;
}

/** Reference: raw better-sqlite3 inserts of the same rows into the same table with the same pragmas. */
export async function measureRawSqlite(bench: Bench): Promise<SqliteReference> {
  const rows = rowsOf(BATCHED_ROWS);
  const batched = await bench.repeat('REF raw SQLite batched inserts', async (run) =>
    batchedInserts(bench.freshDir(`raw-sqlite-${run}`), rows),
  );
  const commits = await bench.repeat('REF raw SQLite one-row commits', async (run) =>
    singleCommits(bench.freshDir(`raw-sqlite-commit-${run}`), rows),
  );
  return {
    batched: bench.results.add({
      id: 'REF',
      what: 'raw SQLite inserts, 10,000 per transaction',
      value: median(batched),
      unit: 'rows/s',
      runs: batched,
      note: `${BATCHED_ROWS.toLocaleString('en')} event rows, WAL, synchronous=FULL`,
    }),
    commits: bench.results.add({
      id: 'REF',
      what: 'raw SQLite commits, one row each',
      value: median(commits),
      unit: 'commits/s',
      runs: commits,
      note: 'fsync-bound: what one transaction per append would allow',
    }),
  };
}

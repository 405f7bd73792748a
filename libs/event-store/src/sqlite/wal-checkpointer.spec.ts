import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { WalCheckpointer } from './wal-checkpointer';

describe('WalCheckpointer', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-wal-'));
    file = join(dir, 'db.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
  });

  afterEach(async () => {
    if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const writeMuch = (): void => {
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(1000));
    })();
  };
  const walBytes = (): number => statSync(`${file}-wal`).size;

  it('turns off the writer’s own checkpoints and checkpoints the WAL from a worker thread', async () => {
    db.pragma('journal_size_limit = 0');
    const checkpointer = new WalCheckpointer(db, file, { intervalMs: 10 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    writeMuch();
    expect(walBytes()).toBeGreaterThan(1_000_000);
    // Once the worker copied everything back, the next write starts the WAL over (truncated by journal_size_limit).
    const deadline = Date.now() + 10_000;
    let rows = 2000;
    while (walBytes() > 100_000 && Date.now() < deadline) {
      await sleep(20);
      db.prepare('INSERT INTO t (x) VALUES (?)').run('y');
      rows++;
    }
    expect(walBytes()).toBeLessThan(100_000);
    expect(checkpointer.offloaded).toBe(true);
    await checkpointer.stop();
    expect(checkpointer.offloaded).toBe(false);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(rows);
  });

  it('switches the writer’s autocheckpoint back on when the worker dies', async () => {
    const checkpointer = new WalCheckpointer(db, file, { intervalMs: 10, fallbackAutocheckpointPages: 500 });
    const worker: Worker = Reflect.get(checkpointer, 'worker'); // private: the test kills it as a crash would
    await worker.terminate();
    await sleep(20);
    expect(checkpointer.offloaded).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(500);
    await checkpointer.stop();
  });
});

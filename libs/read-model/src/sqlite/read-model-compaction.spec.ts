import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TENANT, userId } from '../testing/fixtures';
import { ReadModelCompactor } from './read-model-compactor';
import { SqliteUserReadModel } from './sqlite-user-read-model';
import { filesHolding, markedLog } from './testing/marked-users';

jest.setTimeout(120_000);

function temporaryFile(): { file: string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'roster-read-model-compaction-'));
  return { file: join(folder, 'read-model.sqlite'), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

// Lower-case letters and digits: the search columns fold case, so each copy is the marker itself.
function markers(count: number): { markers: string[]; mobiles: string[] } {
  const stamp = Date.now().toString(36);
  return {
    // Each starting with another letter: among the churn's entries in every index, not all at its end.
    markers: Array.from({ length: count }, (_, i) => `${String.fromCharCode(97 + (i % 26))}zq${stamp}m${i}x`),
    mobiles: Array.from({ length: count }, (_, i) => `7${i}${Date.now()}`.slice(0, 12)),
  };
}

const holdingAny = (file: string, needles: readonly string[]): string[] =>
  needles.flatMap((needle) => filesHolding(file, needle).map((path) => `${needle} in ${path}`));

describe('SqliteUserReadModel compaction after an erasure', () => {
  it('leaves no byte of users erased long after their rows were moved by thousands of inserts', async () => {
    const { file, remove } = temporaryFile();
    const planted = markers(26);
    const log = markedLog(planted.markers, planted.mobiles);
    const readModel = new SqliteUserReadModel({ file });
    try {
      for (const batch of log.batches) await readModel.apply(batch);
      await readModel.whenCompacted();
      // Present before the erasure, so the scan below can fail.
      for (const marker of planted.markers) expect(filesHolding(file, marker)).not.toEqual([]);

      await readModel.apply(log.erasure);
      await readModel.whenCompacted();

      expect(holdingAny(file, [...planted.markers, ...planted.mobiles])).toEqual([]);
      expect(filesHolding(file, 'aachurn0@mail.test')).not.toEqual([]);
      expect(await readModel.getUser(TENANT, log.markedIds[0])).toBeNull();
      expect(await readModel.getUser(TENANT, userId(1000))).toMatchObject({ firstName: 'aachurn0' });
    } finally {
      await readModel.close();
      remove();
    }
  });

  it('finishes, on the next open, the compaction of an erasure whose process was killed during it', async () => {
    const { file, remove } = temporaryFile();
    const planted = markers(8);
    try {
      const child = promisify(execFile)(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          join(__dirname, 'testing', 'register-path-aliases.ts'),
          join(__dirname, 'testing', 'erase-then-crash.ts'),
          file,
          JSON.stringify(planted.markers),
          JSON.stringify(planted.mobiles),
        ],
        { cwd: join(__dirname, '../../../..') },
      );
      await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });
      // The erasure's batch committed its mark, and the compaction did not get to clear it.
      const raw = new Database(file);
      expect(raw.prepare('SELECT COUNT(*) FROM pending_compaction').pluck().get()).toBe(1);
      expect(raw.prepare('SELECT COUNT(*) FROM user_views WHERE id = ?').pluck().get(userId(1))).toBe(0);
      raw.close();

      const reopened = new SqliteUserReadModel({ file });
      // Serving starts with the checkpoint: it waits for the open's compaction.
      expect(await reopened.checkpoint()).not.toBeNull();
      expect(holdingAny(file, [...planted.markers, ...planted.mobiles])).toEqual([]);
      await reopened.close();
      const after = new Database(file);
      expect(after.prepare('SELECT COUNT(*) FROM pending_compaction').pluck().get()).toBe(0);
      after.close();
    } finally {
      remove();
    }
  });

  it('keeps answering reads on its connection while the worker compacts', async () => {
    const { file, remove } = temporaryFile();
    const planted = markers(1);
    const log = markedLog(planted.markers, planted.mobiles);
    const readModel = new SqliteUserReadModel({ file });
    try {
      for (const batch of log.batches) await readModel.apply(batch);
      await readModel.whenCompacted();
      await readModel.apply(log.erasure);
      let compacting = true;
      const compacted = readModel.whenCompacted().then(() => (compacting = false));
      let readsDuringCompaction = 0;
      while (compacting) {
        expect(await readModel.getUser(TENANT, userId(1000))).toMatchObject({ firstName: 'aachurn0' });
        readsDuringCompaction++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await compacted;
      expect(readsDuringCompaction).toBeGreaterThan(1);
    } finally {
      await readModel.close();
      remove();
    }
  });
});

describe('ReadModelCompactor', () => {
  it('turns the requests made while a compaction runs into one more compaction', async () => {
    const { file, remove } = temporaryFile();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE pending_compaction (id INTEGER PRIMARY KEY, requested INTEGER NOT NULL)');
    db.exec('CREATE TABLE t (v TEXT)');
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO t SELECT hex(randomblob(200)) FROM n`);
    const jobs: boolean[] = [];
    const compactor = new ReadModelCompactor(file, { onDone: ({ vacuum }) => jobs.push(vacuum) });
    try {
      compactor.truncateWal();
      for (let request = 0; request < 5; request++) compactor.compact();
      await compactor.idle();
      // The first job, then one compaction for the five requests made while it ran.
      expect(jobs).toEqual([false, true]);

      compactor.compact();
      await compactor.idle();
      expect(jobs).toEqual([false, true, true]);
    } finally {
      await compactor.stop();
      db.close();
      remove();
    }
  });
});

import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TENANT, userId } from '../testing/fixtures';
import { ReadModelCompactor } from './read-model-compactor';
import { SqliteUserReadModel } from './sqlite-user-read-model';
import type { Stems } from './testing/marked-users';
import { filesHolding, markedLog } from './testing/marked-users';

jest.setTimeout(120_000);

function temporaryFile(): { file: string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'roster-read-model-compaction-'));
  return { file: join(folder, 'read-model.sqlite'), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Stems no other run, and no churn user, carries. */
function newStems(): Stems {
  return {
    stem: `zq${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`,
    mobileStem: `7${Math.floor(Math.random() * 1e5)
      .toString()
      .padStart(5, '0')}`,
  };
}

/** Erased users, and moves of their cells: about one in a hundred keeps a copy that only VACUUM removes. */
const MARKED_USERS = 600;

const holdingAny = (file: string, { stem, mobileStem }: Stems): string[] => [
  ...filesHolding(file, stem),
  ...filesHolding(file, mobileStem),
];

describe('SqliteUserReadModel compaction after an erasure', () => {
  it('leaves no byte of users erased long after their rows were moved by thousands of inserts', async () => {
    const { file, remove } = temporaryFile();
    const stems = newStems();
    const log = markedLog(stems, MARKED_USERS);
    const readModel = new SqliteUserReadModel({ file });
    try {
      for (const batch of log.batches) await readModel.apply(batch);
      await readModel.whenCompacted();
      // Present before the erasure, so the scan below can fail.
      expect(filesHolding(file, stems.stem)).not.toEqual([]);
      expect(filesHolding(file, stems.mobileStem)).not.toEqual([]);

      await readModel.apply(log.erasure);
      await readModel.whenCompacted();

      expect(holdingAny(file, stems)).toEqual([]);
      expect(filesHolding(file, '0churn0@mail.test')).not.toEqual([]);
      expect(await readModel.getUser(TENANT, log.markedIds[0])).toBeNull();
      expect(await readModel.getUser(TENANT, userId(100_000))).toMatchObject({ firstName: '0churn0' });
    } finally {
      await readModel.close();
      remove();
    }
  });

  it('finishes, on the next open, the compaction of an erasure whose process was killed during it', async () => {
    const { file, remove } = temporaryFile();
    const stems = newStems();
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
          stems.stem,
          stems.mobileStem,
          String(MARKED_USERS),
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
      try {
        // Serving starts with the checkpoint: it waits for the open's compaction.
        expect(await reopened.checkpoint()).not.toBeNull();
        expect(holdingAny(file, stems)).toEqual([]);
      } finally {
        await reopened.close();
      }
      const after = new Database(file);
      expect(after.prepare('SELECT COUNT(*) FROM pending_compaction').pluck().get()).toBe(0);
      after.close();
    } finally {
      remove();
    }
  });

  it('keeps answering reads on its connection while the worker compacts', async () => {
    const { file, remove } = temporaryFile();
    const log = markedLog(newStems(), 1);
    const readModel = new SqliteUserReadModel({ file });
    try {
      for (const batch of log.batches) await readModel.apply(batch);
      await readModel.whenCompacted();
      await readModel.apply(log.erasure);
      let compacting = true;
      const compacted = readModel.whenCompacted().then(() => (compacting = false));
      let readsDuringCompaction = 0;
      while (compacting) {
        expect(await readModel.getUser(TENANT, userId(100_000))).toMatchObject({ firstName: '0churn0' });
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

  it('keeps trying, with a warning now and then, while a reader holds the WAL, and finishes once it lets go', async () => {
    const { file, remove } = temporaryFile();
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE pending_compaction (id INTEGER PRIMARY KEY, requested INTEGER NOT NULL)');
    db.exec('CREATE TABLE t (v TEXT)');
    db.exec(`INSERT INTO t VALUES ('in the WAL')`);
    const reader = new Database(file);
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM t').get(); // a snapshot that needs the WAL's frames
    const warnings: string[] = [];
    const jobs: boolean[] = [];
    const compactor = new ReadModelCompactor(file, {
      retryMs: 10,
      maxRetryMs: 20,
      warnEveryMs: 100,
      warn: (message) => warnings.push(message),
      onDone: ({ vacuum }) => jobs.push(vacuum),
    });
    try {
      compactor.compact();
      while (warnings.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(warnings[0]).toMatch(/not done yet after \d+ attempt\(s\) \(readers kept the WAL busy\); trying again/);
      expect(jobs).toEqual([]);

      reader.exec('COMMIT');
      await compactor.idle();

      expect(jobs).toEqual([true]);
      expect(statSync(`${file}-wal`).size).toBe(0);
    } finally {
      if (reader.inTransaction) reader.exec('COMMIT');
      reader.close();
      await compactor.stop();
      db.close();
      remove();
    }
  });
});

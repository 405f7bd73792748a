import { Worker } from 'node:worker_threads';

/**
 * The durable mark of an erasure whose compaction has not finished: written in the transaction that deletes the
 * erased user's rows, cleared by the compaction, so a crash in between is finished by the next open. `requested`
 * counts the batches that asked; the compaction clears only the count it started from, so a batch committed while
 * it ran (by another process sharing the file) keeps its mark.
 */
export const PENDING_COMPACTION_TABLE = `
  CREATE TABLE IF NOT EXISTS pending_compaction (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    requested INTEGER NOT NULL
  )`;

export const MARK_COMPACTION_PENDING = `
  INSERT INTO pending_compaction (id, requested) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET requested = requested + 1`;

export const COMPACTION_PENDING = `SELECT 1 FROM pending_compaction WHERE id = 1`;

export interface ReadModelCompactorOptions {
  /** First pause after a failed attempt; it doubles up to `maxRetryMs` (defaults 100 ms and 5 s). */
  retryMs?: number;
  maxRetryMs?: number;
  /** A warning after this many milliseconds of failed attempts, and again each time as long (default 30 s). */
  warnEveryMs?: number;
  /** Where warnings go (default console.warn). */
  warn?: (message: string) => void;
  /** Told of each job the worker finished: whether it vacuumed, how long it took, how many attempts. */
  onDone?: (report: CompactionReport) => void;
}

export interface CompactionReport {
  vacuum: boolean;
  ms: number;
  attempts: number;
}

/** One job for the worker: a truncating checkpoint, after a VACUUM when `vacuum`. */
interface Job {
  vacuum: boolean;
}

type WorkerMessage = ({ type: 'done' } & CompactionReport) | { type: 'warning'; message: string };

// Plain JavaScript run with `eval`, as WalCheckpointer's, so it loads the same way under ts-jest, ts-node and dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
// Waits for another connection's write lock (a writer in another process) before an attempt counts as busy.
const db = new Database(workerData.file, { timeout: 1000 });
db.pragma('secure_delete = ON');
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const requestedNow = db.prepare('SELECT requested FROM pending_compaction WHERE id = 1').pluck();
const clearRequested = db.prepare('DELETE FROM pending_compaction WHERE id = 1 AND requested = ?');
let stopping = false;

function vacuumOnce() {
  const requested = requestedNow.get();
  db.exec('VACUUM');
  // Cleared before the WAL is emptied: the frame this writes is truncated with the others.
  if (requested !== undefined) clearRequested.run(requested);
}

function truncateWal() {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)');
  if (result.busy !== 0) throw new Error('readers kept the WAL busy');
}

async function run({ vacuum }) {
  const started = Date.now();
  // A VACUUM done stays done: the attempts after it only truncate the WAL again.
  let vacuumPending = vacuum;
  let pause = workerData.retryMs;
  // The first warning only after warnEveryMs of failed attempts: a busy first attempt is common (the WalCheckpointer's
  // checkpoint of the VACUUM's WAL holds the checkpoint lock) and the next one succeeds.
  let lastWarning = started;
  for (let attempts = 1; ; attempts++) {
    try {
      if (vacuumPending) {
        vacuumOnce();
        vacuumPending = false;
      }
      truncateWal();
      parentPort.postMessage({ type: 'done', vacuum, ms: Date.now() - started, attempts });
      return;
    } catch (error) {
      if (stopping) return;
      const now = Date.now();
      if (now - lastWarning >= workerData.warnEveryMs) {
        lastWarning = now;
        const what = vacuum ? 'compaction (VACUUM, truncating checkpoint)' : 'truncating checkpoint';
        parentPort.postMessage({
          type: 'warning',
          message: 'read model: ' + what + ' not done yet after ' + attempts + ' attempt(s) (' +
            (error && error.message ? error.message : String(error)) + '); trying again',
        });
      }
      await sleep(pause);
      if (stopping) return;
      pause = Math.min(pause * 2, workerData.maxRetryMs);
    }
  }
}

let queue = Promise.resolve();
parentPort.on('message', (message) => {
  if (message === 'stop') {
    stopping = true;
    queue.then(() => { db.close(); parentPort.close(); });
    return;
  }
  queue = queue.then(() => run(message));
});
`;

/**
 * Removes every byte of erased users' rows from a read-model file, on a worker thread with its own connection.
 *
 * `secure_delete` zeroes a deleted cell where it lies, but not the copies SQLite leaves behind when it moves cells
 * between pages (page splits and merges; the search indexes are reshuffled by every insert), and the WAL holds older
 * page images. VACUUM rebuilds the file from the live rows; a truncating checkpoint then copies it back and empties
 * the WAL. Both are retried, with back-off, until they succeed (a writer in another process, a reader of an older
 * snapshot, a concurrent checkpoint make them busy), with a warning now and then.
 *
 * VACUUM takes ~0.25 s per 100k users: on the worker, the event loop keeps serving meanwhile, and readers on other
 * connections keep reading (WAL). Writers must wait for it (`idle`) rather than block on SQLITE_BUSY. Requests made
 * while a compaction runs are coalesced into one more compaction after it.
 */
export class ReadModelCompactor {
  private worker: Worker | null = null;
  private readonly warn: (message: string) => void;
  private current: Promise<void> | null = null;
  private queued: Job | null = null;
  private stopped = false;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly file: string,
    private readonly options: ReadModelCompactorOptions = {},
  ) {
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /** Asks for a compaction (VACUUM and truncating checkpoint); runs after the one under way, if any. */
  compact(): void {
    this.enqueue({ vacuum: true });
  }

  /** Asks for a truncating checkpoint only (on open, when no compaction is pending). */
  truncateWal(): void {
    this.enqueue({ vacuum: false });
  }

  /** Resolves once no job runs nor waits (at once when idle). */
  idle(): Promise<void> {
    return this.current ?? Promise.resolve();
  }

  /** Stops the worker after the attempt under way; a compaction not done stays pending in the file for the next open. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queued = null;
    const worker = this.worker;
    this.worker = null;
    if (worker === null) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // The worker is unref'd so that it never keeps a process alive; while stopping, the process must wait for it, or
    // a process with nothing else to do (a CLI closing its stores) ends before this resolves, with exit code 0.
    worker.ref();
    worker.postMessage('stop');
    await exited;
    // The job under way, if any, ends unfinished: its waiter is released, and the mark stays in the file.
    this.waiting?.resolve();
  }

  private enqueue(job: Job): void {
    if (this.stopped) return;
    if (this.current === null) {
      this.current = this.runJobs(job);
      return;
    }
    // Coalesced: one more job after the one under way, a VACUUM if any request asked for one.
    this.queued = { vacuum: (this.queued?.vacuum ?? false) || job.vacuum };
  }

  private async runJobs(first: Job): Promise<void> {
    let job: Job | null = first;
    try {
      while (job !== null && !this.stopped) {
        await this.runOnWorker(job);
        job = this.queued;
        this.queued = null;
      }
    } finally {
      this.current = null;
    }
  }

  /** Resolves when the worker reports the job done; a worker that fails is started again for the same job. */
  private async runOnWorker(job: Job): Promise<void> {
    let pause = this.options.retryMs ?? 100;
    for (;;) {
      try {
        await new Promise<void>((resolve, reject) => {
          this.waiting = { resolve, reject };
          this.workerThread().postMessage(job);
        });
        return;
      } catch (error) {
        if (this.stopped) return;
        this.warn(`read model: compaction worker failed (${String(error)}); starting it again`);
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, this.options.maxRetryMs ?? 5000);
      } finally {
        this.waiting = null;
      }
    }
  }

  private workerThread(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.file,
        retryMs: this.options.retryMs ?? 100,
        maxRetryMs: this.options.maxRetryMs ?? 5000,
        warnEveryMs: this.options.warnEveryMs ?? 30_000,
      },
    });
    // The worker never keeps a process alive; close() waits for it explicitly.
    worker.unref();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'warning') {
        this.warn(message.message);
        return;
      }
      const { vacuum, ms, attempts } = message;
      this.options.onDone?.({ vacuum, ms, attempts });
      this.waiting?.resolve();
    });
    worker.on('error', (error) => this.lose(worker, error));
    worker.on('exit', (code) => this.lose(worker, new Error(`worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private lose(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.waiting?.reject(error);
  }
}

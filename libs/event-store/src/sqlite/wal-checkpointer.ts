import type { Database } from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** How often the worker runs `PRAGMA wal_checkpoint(PASSIVE)` (default 250 ms). */
  intervalMs?: number;
  /**
   * Pages after which the writing connection checkpoints by itself again (SQLite's `wal_autocheckpoint`)
   * when the worker is gone, so the WAL cannot grow without bound (default 1000, SQLite's default).
   */
  fallbackAutocheckpointPages?: number;
  /** `synchronous` of the checkpointing connection (default FULL: the database file is synced after a checkpoint). */
  synchronous?: 'FULL' | 'NORMAL';
}

// Plain JavaScript run with `eval`, so it loads the same way under ts-jest, ts-node and the built dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
db.pragma('synchronous = ' + workerData.synchronous);
db.pragma('wal_autocheckpoint = 0');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { /* busy or locked: the next tick tries again */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Runs a SQLite database's WAL checkpoints on a worker thread with its own connection, so no commit on the
 * event loop ever copies the WAL back into the database file (that copy, triggered inside a COMMIT by
 * `wal_autocheckpoint`, blocked the event loop for up to ~90 ms).
 *
 * The writing connection gets `wal_autocheckpoint = 0`. If the worker cannot start or dies, the writing
 * connection's autocheckpoint is switched back on (`fallbackAutocheckpointPages`), so the WAL stays bounded.
 * PASSIVE never waits for locks nor blocks writers or readers; SQLite restarts the WAL from its beginning
 * once everything in it was checkpointed, and `journal_size_limit` (if set) truncates it.
 */
export class WalCheckpointer {
  private readonly worker: Worker | null = null;
  private stopping: Promise<void> | undefined;
  private fellBack = false;

  constructor(
    private readonly writer: Database,
    file: string,
    private readonly options: WalCheckpointerOptions = {},
  ) {
    writer.pragma('wal_autocheckpoint = 0');
    try {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          driver: require.resolve('better-sqlite3'),
          file,
          intervalMs: options.intervalMs ?? 250,
          synchronous: options.synchronous ?? 'FULL',
        },
      });
    } catch {
      this.fallBack();
      return;
    }
    // The worker must never keep a process alive nor take it down.
    this.worker.unref();
    this.worker.on('error', () => this.fallBack());
    this.worker.on('exit', () => {
      if (this.stopping === undefined) this.fallBack();
    });
  }

  /** True while checkpoints run on the worker (false after a fallback to the writer's autocheckpoint). */
  get offloaded(): boolean {
    return this.worker !== null && !this.fellBack && this.stopping === undefined;
  }

  /** Stops the worker after one last checkpoint; resolves once its connection is closed. */
  stop(): Promise<void> {
    this.stopping ??= this.stopWorker();
    return this.stopping;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    if (worker === null || this.fellBack) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timeout);
  }

  private fallBack(): void {
    if (this.fellBack || this.stopping !== undefined) return;
    this.fellBack = true;
    if (this.writer.open)
      this.writer.pragma(`wal_autocheckpoint = ${this.options.fallbackAutocheckpointPages ?? 1000}`);
  }
}

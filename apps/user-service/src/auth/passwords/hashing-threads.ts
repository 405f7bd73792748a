import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What a hashing thread can do; every argument is a string (a password, a stored hash). */
export type HashingOperation = 'argon2Hash' | 'argon2Verify' | 'bcryptVerify';

/**
 * How much lower than the event loop a hashing thread runs (a nice value, 0–19). A hash then takes the cores the
 * event loops leave over instead of sharing them equally: on 2 cores with libuv's 4 pool threads hashing at the
 * event loop's priority, the main thread waited 110–250 ms on the run queue (schedstat) while it had work — the
 * P9 stalls. Ten (a tenth of the weight) and not 19, so another busy process on the machine cannot starve logins.
 */
export const HASHING_NICENESS = 10;

/**
 * The source of a hashing thread: plain JavaScript evaluated as the worker's code (as the WAL checkpointer's is), so
 * it runs the same from dist/ and under ts-jest. On Linux a nice value belongs to a thread and `setPriority` with
 * no pid sets the calling thread's, so only this thread runs lower. Errors answer with their message only (never
 * the arguments: they are passwords and hashes).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { setPriority } = require('node:os');
const argon2 = require(workerData.argon2);
const bcrypt = require(workerData.bcrypt);
try {
  setPriority(workerData.niceness);
} catch {
  // A platform without per-thread priorities hashes at normal priority.
}
const operations = {
  argon2Hash: (password) => argon2.hashSync(password, workerData.argon2Options),
  argon2Verify: (hash, password) => argon2.verifySync(hash, password),
  bcryptVerify: (hash, password) => bcrypt.verifySync(password, hash),
};
parentPort.on('message', ({ operation, args }) => {
  try {
    parentPort.postMessage({ result: operations[operation](...args) });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

interface Job {
  operation: HashingOperation;
  args: string[];
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type Answer = { result: unknown; error?: undefined } | { error: string };

/**
 * A pool of worker threads that hash passwords below the event loop's priority (HASHING_NICENESS), one hash per
 * thread at a time, started on first use and stopped after `idleMs` without work: each thread is a V8 isolate of
 * ~11 MiB RSS, which a process that sees no logins for a while should not keep. A thread keeps the process alive
 * only while it hashes.
 */
export class HashingThreads {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly waiting: Job[] = [];
  private readonly retiring = new Map<Worker, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly argon2Options: object,
    /** One per core: more would only take turns on the same cores. */
    private readonly size = availableParallelism(),
    private readonly idleMs = 30_000,
  ) {}

  run<T>(operation: HashingOperation, ...args: string[]): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the password hashing threads are closed'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ operation, args, resolve: resolve as (result: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retiring.values()) clearTimeout(timer);
    for (const job of this.waiting.splice(0)) job.reject(new Error('the password hashing threads are closed'));
    await Promise.all([...this.idle.splice(0), ...this.busy.keys()].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const worker = this.idle.pop() ?? (this.busy.size < this.size ? this.start() : undefined);
      if (worker === undefined) return;
      clearTimeout(this.retiring.get(worker));
      this.retiring.delete(worker);
      const job = this.waiting.shift() as Job;
      this.busy.set(worker, job);
      worker.ref();
      worker.postMessage({ operation: job.operation, args: job.args });
    }
  }

  /** Out of the idle list first, so no job is handed to a thread that is stopping. */
  private retire(worker: Worker): void {
    this.retiring.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    void worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        argon2: require.resolve('@node-rs/argon2'),
        bcrypt: require.resolve('@node-rs/bcrypt'),
        argon2Options: this.argon2Options,
        niceness: HASHING_NICENESS,
      },
    });
    worker.on('message', (answer: Answer) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      if (!this.closed) {
        this.idle.push(worker);
        this.retiring.set(worker, setTimeout(() => this.retire(worker), this.idleMs).unref());
      }
      if (answer.error === undefined) job?.resolve(answer.result);
      else job?.reject(new Error(answer.error));
      this.dispatch();
    });
    // A thread that died fails the hash it had (a retired one had none); the next job starts a new thread.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      clearTimeout(this.retiring.get(worker));
      this.retiring.delete(worker);
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      job?.reject(new Error('a password hashing thread stopped'));
      if (!this.closed) this.dispatch();
    });
    return worker;
  }
}

import { Logger } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';

/** Primary → worker: close (finish the requests under way) and exit. */
export const SHUTDOWN = { type: 'roster:shutdown' } as const;

/** A worker that has not exited this long after being asked to is killed. */
const STOP_TIMEOUT_MS = 15_000;
/** A worker that died is replaced after this pause, so one that dies at once cannot make the primary spin. */
const RESPAWN_DELAY_MS = 1000;

/**
 * The HTTP workers of the all-in-one Roster (node:cluster): they share the listening socket, the primary hands
 * each new connection to the next worker in turn. A worker that dies after it served is replaced; one that dies
 * before it ever listened fails the start (a port in use, a store that will not open: another would fail the same).
 */
export class HttpWorkers {
  private readonly logger = new Logger('Roster');
  private stopping = false;

  constructor(private readonly count: number) {}

  /** Resolves once every worker listens; rejects when one exits before it does. */
  start(): Promise<void> {
    // Messages carry positions (bigint): the structured clone, not JSON.
    cluster.setupPrimary({ serialization: 'advanced' });
    return Promise.all(Array.from({ length: this.count }, () => this.fork())).then(() => undefined);
  }

  /** Asks every worker to close, waits for them to exit (killing those that take too long). */
  async stop(): Promise<void> {
    this.stopping = true;
    const running = this.running();
    await Promise.all(
      running.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.kill('SIGKILL'), STOP_TIMEOUT_MS);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            if (worker.isConnected()) worker.send(SHUTDOWN);
            else worker.kill('SIGTERM');
          }),
      ),
    );
  }

  private running(): Worker[] {
    return Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
  }

  private fork(): Promise<void> {
    const worker = cluster.fork();
    return new Promise((resolve, reject) => {
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        resolve();
      });
      worker.once('exit', (code, signal) => {
        const how = signal ? `by ${signal}` : `with code ${code}`;
        if (!listening) return reject(new Error(`an HTTP worker exited ${how} before it listened`));
        if (this.stopping) return;
        this.logger.error(`HTTP worker ${worker.process.pid} exited ${how}; starting another`);
        setTimeout(() => {
          if (!this.stopping) this.fork().catch((error: unknown) => this.logger.error(String(error)));
        }, RESPAWN_DELAY_MS).unref();
      });
    });
  }
}

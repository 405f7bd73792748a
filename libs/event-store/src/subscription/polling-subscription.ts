import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { BatchHandler, Position, RecordedEvent, Subscription } from '../event-store';
import type { ChangeSignal } from './change-signal';

export type ReadAll = (after: Position | null, limit: number) => Promise<RecordedEvent[]>;

export interface SubscriptionOptions {
  /** Most events handed to the handler at once (default 500). */
  batchSize?: number;
  /** When caught up and woken, wait this long before reading, so nearby commits form one batch (default 0). */
  wakeDelayMs?: number;
  /** First wait after a failed read or handler; doubles per failure (default 50 ms). */
  retryInitialDelayMs?: number;
  /** Longest wait between retries (default 2000 ms). */
  retryMaxDelayMs?: number;
  /** Told about every failure before the retry; the default writes to stderr so a stuck subscriber is visible. */
  onError?: (error: unknown, retryInMs: number) => void;
}

export interface PollingSource {
  readAll: ReadAll;
  changes: ChangeSignal;
  /** Look for new events at least this often even without a change signal; undefined = only on signal. */
  pollIntervalMs?: number;
}

/** Returned by a retried step when the subscription was stopped before the step succeeded. */
const STOPPED = Symbol('stopped');

const DEFAULTS = {
  batchSize: 500,
  wakeDelayMs: 0,
  retryInitialDelayMs: 50,
  retryMaxDelayMs: 2000,
  onError: (error: unknown, retryInMs: number): void =>
    console.error(`event-store subscription failed, retrying in ${retryInMs} ms:`, error),
} satisfies Required<SubscriptionOptions>;

/** Exponential back-off: the initial delay after the first failure, doubling up to the maximum. */
export function retryDelay(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** (failures - 1));
}

/**
 * The one subscription loop behind every adapter: read a batch with `readAll`, hand it over, move on only
 * once the handler resolved; when caught up, sleep until the change signal or the poll interval.
 * A failed batch is retried as the same batch, so a handler sees each event once per success.
 */
export class PollingSubscription implements Subscription {
  private readonly stopping = new AbortController();
  private readonly options: Required<SubscriptionOptions>;
  private readonly running: Promise<void>;

  constructor(
    private readonly source: PollingSource,
    after: Position | null,
    private readonly handler: BatchHandler,
    options: SubscriptionOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      wakeDelayMs: options.wakeDelayMs ?? DEFAULTS.wakeDelayMs,
      retryInitialDelayMs: options.retryInitialDelayMs ?? DEFAULTS.retryInitialDelayMs,
      retryMaxDelayMs: options.retryMaxDelayMs ?? DEFAULTS.retryMaxDelayMs,
      onError: options.onError ?? DEFAULTS.onError,
    };
    this.running = this.run(after);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(after: Position | null): Promise<void> {
    let position = after;
    while (!this.stopped) {
      const seenVersion = this.source.changes.version;
      const batch = await this.untilSuccess(() => this.source.readAll(position, this.options.batchSize));
      if (batch === STOPPED) return;
      if (batch.length === 0) {
        await this.source.changes.waitForChange(seenVersion, this.source.pollIntervalMs, this.stopping.signal);
        if (this.options.wakeDelayMs > 0 && !this.stopped) {
          await sleep(this.options.wakeDelayMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        }
        continue;
      }
      const delivered = await this.untilSuccess(async () => this.handler(batch));
      if (delivered === STOPPED) return;
      position = batch[batch.length - 1].position;
      // Reads and handlers may complete without real I/O (SQLite is synchronous); without this a long
      // catch-up would run as one chain of microtasks and starve HTTP requests and group commits.
      await nextTurn();
    }
  }

  /** Repeats `attempt` with back-off until it succeeds or the subscription is stopped. */
  private async untilSuccess<T>(attempt: () => Promise<T>): Promise<T | typeof STOPPED> {
    for (let failures = 1; !this.stopped; failures++) {
      try {
        return await attempt();
      } catch (error) {
        if (this.stopped) return STOPPED;
        const delay = retryDelay(failures, this.options.retryInitialDelayMs, this.options.retryMaxDelayMs);
        this.options.onError(error, delay);
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
    return STOPPED;
  }
}

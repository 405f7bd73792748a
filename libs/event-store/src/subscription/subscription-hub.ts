import type { BatchHandler, Position, SubscribeOptions, Subscription } from '../event-store';
import { EventStoreUnavailableError } from '../event-store';
import { ChangeSignal } from './change-signal';
import type { ReadAll, SubscriptionOptions } from './polling-subscription';
import { PollingSubscription } from './polling-subscription';

/** The live subscriptions of one store: woken when it committed events, stopped when it closes. */
export class SubscriptionHub {
  private readonly changes = new ChangeSignal();
  private readonly active = new Set<PollingSubscription>();
  private closed = false;

  constructor(
    private readonly readAll: ReadAll,
    private readonly options: SubscriptionOptions & { pollIntervalMs?: number },
  ) {}

  subscribe(after: Position | null, handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new EventStoreUnavailableError('event store is closed');
    const { pollIntervalMs, ...storeOptions } = this.options;
    const subscription = new PollingSubscription(
      { readAll: this.readAll, changes: this.changes, pollIntervalMs },
      after,
      handler,
      {
        ...storeOptions,
        batchSize: options.batchSize ?? storeOptions.batchSize,
        wakeDelayMs: options.wakeDelayMs ?? storeOptions.wakeDelayMs,
      },
    );
    this.active.add(subscription);
    return {
      stop: async () => {
        await subscription.stop();
        this.active.delete(subscription);
      },
    };
  }

  eventsCommitted(): void {
    this.changes.notify();
  }

  /** Refuses new subscriptions and resolves once every running handler has finished. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.active].map((subscription) => subscription.stop()));
    this.active.clear();
  }
}

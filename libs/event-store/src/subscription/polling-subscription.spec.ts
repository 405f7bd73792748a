import type { RecordedEvent } from '../event-store';
import { ChangeSignal } from './change-signal';
import type { PollingSource, SubscriptionOptions } from './polling-subscription';
import { PollingSubscription, retryDelay } from './polling-subscription';

describe('PollingSubscription', () => {
  let log: RecordedEvent[];
  let changes: ChangeSignal;
  let running: PollingSubscription[];

  beforeEach(() => {
    log = [];
    changes = new ChangeSignal();
    running = [];
  });

  afterEach(async () => {
    await Promise.all(running.map((subscription) => subscription.stop()));
  });

  function source(pollIntervalMs?: number): PollingSource {
    return {
      changes,
      pollIntervalMs,
      readAll: async (after, limit) => log.filter((recorded) => recorded.position > (after ?? 0n)).slice(0, limit),
    };
  }

  function subscribe(
    handler: (batch: RecordedEvent[]) => Promise<void> | void,
    options: SubscriptionOptions = {},
    pollIntervalMs?: number,
  ): void {
    running.push(new PollingSubscription(source(pollIntervalMs), null, handler, options));
  }

  function append(count: number): void {
    for (let index = 0; index < count; index++) log.push(recordedAt(BigInt(log.length + 1)));
  }

  it('hands over at most batchSize events at a time', async () => {
    append(7);
    const batchSizes: number[] = [];

    subscribe((batch) => void batchSizes.push(batch.length), { batchSize: 3 });
    await waitUntil(() => batchSizes.length === 3);

    expect(batchSizes).toEqual([3, 3, 1]);
  });

  it('wakes on the change signal without polling', async () => {
    const received: bigint[] = [];
    subscribe((batch) => void received.push(...batch.map((recorded) => recorded.position)));
    await delay(10);

    append(2);
    changes.notify();
    await waitUntil(() => received.length === 2);

    expect(received).toEqual([1n, 2n]);
  });

  it('finds events nobody signalled by polling', async () => {
    const received: bigint[] = [];
    subscribe((batch) => void received.push(...batch.map((recorded) => recorded.position)), {}, 10);
    await delay(10);

    append(1);
    await waitUntil(() => received.length === 1);

    expect(received).toEqual([1n]);
  });

  it('reports each failure with a doubling, capped retry delay, then goes on', async () => {
    append(1);
    const reported: Array<{ message: string; retryInMs: number }> = [];
    let failuresLeft = 5;
    let delivered = 0;

    subscribe(
      () => {
        if (failuresLeft-- > 0) throw new Error(`failure ${5 - failuresLeft}`);
        delivered++;
      },
      {
        retryInitialDelayMs: 1,
        retryMaxDelayMs: 4,
        onError: (error, retryInMs) => reported.push({ message: (error as Error).message, retryInMs }),
      },
    );
    await waitUntil(() => delivered === 1);

    expect(reported).toEqual([
      { message: 'failure 1', retryInMs: 1 },
      { message: 'failure 2', retryInMs: 2 },
      { message: 'failure 3', retryInMs: 4 },
      { message: 'failure 4', retryInMs: 4 },
      { message: 'failure 5', retryInMs: 4 },
    ]);
  });

  it('retries a failed read as well', async () => {
    append(1);
    let readFailuresLeft = 2;
    const failingSource: PollingSource = {
      ...source(),
      readAll: async (after, limit) => {
        if (readFailuresLeft-- > 0) throw new Error('database is locked');
        return source().readAll(after, limit);
      },
    };
    const reported: unknown[] = [];
    const received: RecordedEvent[] = [];

    running.push(
      new PollingSubscription(failingSource, null, (batch) => void received.push(...batch), {
        retryInitialDelayMs: 1,
        onError: (error) => reported.push(error),
      }),
    );
    await waitUntil(() => received.length === 1);

    expect(reported).toHaveLength(2);
  });

  it('stop() interrupts the back-off instead of waiting it out', async () => {
    append(1);
    let calls = 0;
    const subscription = new PollingSubscription(
      source(),
      null,
      () => {
        calls++;
        throw new Error('always failing');
      },
      { retryInitialDelayMs: 60_000, onError: () => undefined },
    );
    await waitUntil(() => calls === 1);

    const startedAt = Date.now();
    await subscription.stop();

    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(calls).toBe(1);
  });
});

describe('retryDelay', () => {
  it('starts at the initial delay and doubles up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => retryDelay(failures, 50, 2000))).toEqual([
      50, 100, 200, 400, 800, 1600, 2000,
    ]);
  });
});

function recordedAt(position: bigint): RecordedEvent {
  return {
    id: `event-${position}`,
    stream: 'user-1',
    type: 'SomethingHappened',
    revision: Number(position) - 1,
    position,
    data: {},
    metadata: {},
    recordedAt: new Date(),
  };
}

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(2);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { EventStoreContractOptions, EventStoreFixture } from '../../testing/event-store.contract';
import { describeEventStoreContract } from '../../testing/event-store.contract';

/** Contract tests KurrentDB cannot pass, with the reason (docs/kurrentdb.md, "Differences from the other stores"). */
export const KURRENTDB_DEVIATIONS = {
  /** Every server version. */
  always: {
    'rejects an event id that is already in the log, writing nothing':
      'KurrentDB does not index event ids across streams: an id already in another stream is written again, ' +
      'and a repeat in the same stream at the same expected revision is an idempotent success',
  },
  /** The per-stream fallback of servers without multi-stream append (EventStoreDB < 25.1). */
  perStream: {
    'appends to several streams in one atomic append':
      'the fallback writes the commit stream (the first one named) last, so the log order differs from the call',
  },
} satisfies Record<string, Record<string, string>>;

/**
 * Runs the shared contract and expects the listed tests to fail. They run as `it.failing`, which turns red if
 * one starts passing, so the list cannot go stale. The contract registers its tests through the global `it`
 * while `describeEventStoreContract` runs; it is swapped for that call only.
 */
export function describeContractWithDeviations(
  name: string,
  factory: () => Promise<EventStoreFixture>,
  deviations: Record<string, string>,
  options?: EventStoreContractOptions,
): void {
  const realIt = global.it;
  const withDeviations = ((testName: string, fn?: jest.ProvidesCallback, timeout?: number) => {
    const reason = deviations[testName];
    if (reason === undefined) return realIt(testName, fn, timeout);
    return realIt.failing(`${testName} — known deviation: ${reason}`, fn as jest.ProvidesCallback, timeout);
  }) as jest.It;
  global.it = Object.assign(withDeviations, realIt);
  try {
    describeEventStoreContract(name, factory, options);
  } finally {
    global.it = realIt;
  }
}

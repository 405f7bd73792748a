/** What readiness is judged on: each store's reachability and where the log and the read model stand. */
export interface StoresState {
  eventStore: { status: 'up' | 'down'; head?: string | null };
  readModel: { status: 'up' | 'down'; checkpoint?: string | null };
}

/**
 * Why the process should get no traffic yet (a store is unreachable, or the read model trails the log's head
 * by more than `maxLagEvents` positions), or null when it is ready.
 */
export function notReadyReason(state: StoresState, maxLagEvents: number): string | null {
  if (state.eventStore.status !== 'up') return 'the event store is unreachable';
  if (state.readModel.status !== 'up') return 'the read model is unreachable';
  const lag = BigInt(state.eventStore.head ?? 0) - BigInt(state.readModel.checkpoint ?? 0);
  if (lag > BigInt(maxLagEvents))
    return `the read model trails the event log by ${lag} events (at most ${maxLagEvents})`;
  return null;
}

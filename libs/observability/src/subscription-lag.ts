import type { EventStore, Position } from '@roster/event-store';
import { Gauge } from 'prom-client';
import { registry } from './metrics';

/** A catch-up subscriber whose distance from the log's head the metrics report. */
export interface LagSource {
  store: EventStore;
  /** Position of the last event it handled; null before the first. */
  position(): Position | null;
}

export interface Lag {
  events: number;
  seconds: number;
}

const sources = new Map<string, LagSource>();

/** Reports `subscriber`'s lag (`roster_subscription_lag_*{subscriber}`) from now on, measured at each scrape. */
export function trackLag(subscriber: 'projector' | 'relay', source: LagSource): void {
  sources.set(subscriber, source);
}

/** How far `source` trails the head: positions (events on SQLite) and the age of the oldest event it has not handled. */
export async function lagOf(source: LagSource, now = Date.now()): Promise<Lag> {
  const head = await source.store.headPosition();
  const position = source.position();
  if (head === null || (position !== null && position >= head)) return { events: 0, seconds: 0 };
  const [next] = await source.store.readAll(position, 1);
  return {
    events: Number(head - (position ?? 0n)),
    seconds: next ? Math.max(0, (now - next.recordedAt.getTime()) / 1000) : 0,
  };
}

async function collectLag(gauge: Gauge<'subscriber'>, pick: (lag: Lag) => number): Promise<void> {
  gauge.reset();
  for (const [subscriber, source] of sources) {
    try {
      gauge.set({ subscriber }, pick(await lagOf(source)));
    } catch {
      // The store is unreachable: no figure rather than a wrong one (health and readiness report the store).
    }
  }
}

export const subscriptionLagEvents = new Gauge({
  name: 'roster_subscription_lag_events',
  help: 'How far a subscriber (projector, relay) trails the head of the event log, in log positions (events on SQLite)',
  labelNames: ['subscriber'] as const,
  registers: [registry],
  async collect() {
    await collectLag(this, (lag) => lag.events);
  },
});

export const subscriptionLagSeconds = new Gauge({
  name: 'roster_subscription_lag_seconds',
  help: 'Age of the oldest event a subscriber (projector, relay) has not handled yet; 0 when caught up',
  labelNames: ['subscriber'] as const,
  registers: [registry],
  async collect() {
    await collectLag(this, (lag) => lag.seconds);
  },
});

import type { Bench } from '../bench';
import type { ChildServer } from '../servers';
import { median } from '../stats';

/** Events a page of the feed holds: the largest page the API serves. */
const PAGE = 1000;

/**
 * P10: the change feed (`GET /changes`) read page by page from the start of the log, as a service without Kafka
 * catches up: events per second, over the whole log or `loadSeconds` × 4, whichever ends first. One reader, so
 * the figure is the feed's own rate (each page is read from the event store, filtered to the tenant and signed).
 */
export async function p10ChangeFeed(bench: Bench, server: ChildServer, users: number): Promise<void> {
  const limitMs = bench.options.loadSeconds * 4 * 1000;
  const runs = await bench.repeat(`P10 change feed at ${users.toLocaleString('en')} users`, async () => {
    const started = performance.now();
    let events = 0;
    let after: string | null = null;
    for (let more = true; more && performance.now() - started < limitMs;) {
      const query = `limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const response = await fetch(`${server.url}/changes?${query}`, { headers: bench.headers('GET') });
      if (!response.ok) throw new Error(`GET /changes answered ${response.status}`);
      const page = (await response.json()) as { data: unknown[]; paging: { after: string; has_more: boolean } };
      events += page.data.length;
      after = page.paging.after;
      more = page.paging.has_more;
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  });
  bench.results.detail(`p10@${users}`, runs);
  const perSecond = runs.map((run) => run.events / run.seconds);
  bench.results.add({
    id: 'P10',
    what: 'change feed read from the start, pages of 1,000',
    users,
    value: median(perSecond),
    unit: 'events/s',
    runs: perSecond,
    target: { atLeast: 50_000 },
    note: `${median(runs.map((run) => run.events)).toLocaleString('en')} events read per run`,
  });
}

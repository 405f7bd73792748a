import type { Bench } from '../bench';
import { sampleIndexes } from '../dataset';
import { fixedRate } from '../load';
import { SEARCH_FIELDS, searchRequests } from '../requests';
import type { ChildServer } from '../servers';
import { describeCpu } from '../process-usage';
import { median } from '../stats';

const PREFIXES = 5_000;

/** P4: POST /users:search by one field's prefix (2–6 characters of a stored user's value), limit 20, at a fixed rate. */
export async function p4Search(bench: Bench, server: ChildServer, users: number): Promise<void> {
  const { connections, queryRate, querySeconds } = bench.options;
  for (const field of SEARCH_FIELDS) {
    const load = { server, connections, rate: queryRate, seconds: querySeconds, headers: bench.headers('POST') };
    const request = searchRequests(field, sampleIndexes(users, PREFIXES, users + field.length));
    const runs = await bench.repeat(`P4 search by ${field} at ${users.toLocaleString('en')} users`, () =>
      fixedRate({ ...load, request }),
    );
    bench.results.detail(`p4-${field}@${users}`, runs);
    const p95 = runs.map((run) => run.latency.p95);
    const failed = runs.reduce((sum, run) => sum + run.failed, 0);
    bench.results.add({
      id: 'P4',
      what: `search by ${field} prefix, p95 at ${queryRate}/s`,
      users,
      value: median(p95),
      unit: 'ms',
      runs: p95,
      target: { atMost: 10 },
      note: `p50 ${median(runs.map((run) => run.latency.p50)).toFixed(2)} ms, p99 ${median(runs.map((run) => run.latency.p99)).toFixed(2)} ms; ${describeCpu(runs)}; ${failed} failed`,
    });
  }
}

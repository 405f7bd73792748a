import type { Bench } from '../bench';
import { TREE_ROOT, treeDescendants } from '../dataset';
import { fixedRate } from '../load';
import { descendantsRequests } from '../requests';
import type { ChildServer } from '../servers';
import { describeCpu } from '../process-usage';
import { median } from '../stats';

/** P5: GET /users/:id/descendants (first page, limit 20) of the root of the big tree, at a fixed rate. */
export async function p5Descendants(bench: Bench, server: ChildServer, users: number): Promise<void> {
  const { connections, queryRate, querySeconds } = bench.options;
  const load = {
    server,
    connections,
    rate: queryRate,
    seconds: querySeconds,
    headers: bench.headers('GET'),
    request: descendantsRequests(TREE_ROOT),
  };
  const runs = await bench.repeat(`P5 descendants at ${users.toLocaleString('en')} users`, () => fixedRate(load));
  bench.results.detail(`p5@${users}`, runs);
  const p99 = runs.map((run) => run.latency.p99);
  const failed = runs.reduce((sum, run) => sum + run.failed, 0);
  bench.results.add({
    id: 'P5',
    what: `descendants, first page, p99 at ${queryRate}/s`,
    users,
    value: median(p99),
    unit: 'ms',
    runs: p99,
    target: { atMost: 50 },
    note: `${treeDescendants(users).toLocaleString('en')} descendants; p50 ${median(runs.map((run) => run.latency.p50)).toFixed(2)} ms; ${describeCpu(runs)}; ${failed} failed`,
  });
}

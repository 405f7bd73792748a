import type { Bench } from '../bench';
import { sampleIndexes } from '../dataset';
import { fixedRate, saturate } from '../load';
import { getUserRequests } from '../requests';
import type { ChildServer } from '../servers';
import { describeCpu } from '../process-usage';
import { median } from '../stats';
import type { FastifyReference } from './ref-fastify';

/** How many different users the GETs cycle through: enough that the read model's page cache cannot hold them all at 1M. */
const SAMPLE = 50_000;

/** P3: GET /users/:id of random stored users: max load (vs bare Fastify) and p99 at a fixed rate. */
export async function p3GetUser(
  bench: Bench,
  server: ChildServer,
  users: number,
  fastify: FastifyReference | null,
): Promise<void> {
  const { connections, pipelining, loadSeconds, rate, rateSeconds } = bench.options;
  const load = {
    server,
    connections,
    headers: bench.headers('GET'),
    request: getUserRequests(sampleIndexes(users, SAMPLE, users)),
  };
  await saturate({ ...load, pipelining, seconds: 1 }); // warm-up
  const runs = await bench.repeat(`P3 get user at ${users.toLocaleString('en')} users`, async () => ({
    atMax: await saturate({ ...load, pipelining, seconds: loadSeconds }),
    atRate: await fixedRate({ ...load, rate, seconds: rateSeconds }),
  }));
  bench.results.detail(`p3@${users}`, runs);

  const perSecond = runs.map((run) => run.atMax.requestsPerSecond);
  const failed = runs.reduce((sum, run) => sum + run.atMax.failed + run.atRate.failed, 0);
  const cpu = describeCpu(runs.map((run) => run.atMax));
  bench.results.add({
    id: 'P3',
    what: 'get user by id, max load',
    users,
    value: median(perSecond),
    unit: 'req/s',
    runs: perSecond,
    reference: fastify ? { name: 'bare Fastify GET', value: fastify.get.value, unit: 'req/s' } : undefined,
    note: `${cpu}; ${failed} failed`,
  });
  if (fastify) {
    const shares = perSecond.map((value) => (100 * value) / fastify.get.value);
    bench.results.add({
      id: 'P3',
      what: 'get user by id, share of bare Fastify GET',
      users,
      value: median(shares),
      unit: '%',
      runs: shares,
      target: { atLeast: 40 },
    });
  }
  const p99 = runs.map((run) => run.atRate.latency.p99);
  bench.results.add({
    id: 'P3',
    what: `get user by id, p99 at ${rate}/s`,
    users,
    value: median(p99),
    unit: 'ms',
    runs: p99,
    target: { atMost: 10 },
    reference: fastify ? { name: 'bare Fastify GET p99', value: fastify.getP99.value, unit: 'ms' } : undefined,
    note: `p50 ${median(runs.map((run) => run.atRate.latency.p50)).toFixed(2)} ms; ${describeCpu(runs.map((run) => run.atRate))}`,
  });
}

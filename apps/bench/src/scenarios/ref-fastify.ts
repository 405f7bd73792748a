import type { Bench } from '../bench';
import { sampleIndexes } from '../dataset';
import type { RequestFactory } from '../load';
import { fixedRate, saturate } from '../load';
import { describeCpu } from '../process-usage';
import { createUserRequests, getUserRequests } from '../requests';
import type { Figure } from '../results';
import type { ChildServer } from '../servers';
import { median } from '../stats';

export interface FastifyReference {
  post: Figure;
  get: Figure;
  postP99: Figure;
  getP99: Figure;
}

/**
 * Reference: bare Fastify answering a fixed user-shaped JSON body, loaded exactly like Roster in P1 and P3
 * (same generator, connections, pipelining, run lengths, rate and requests).
 */
export async function measureBareFastify(bench: Bench): Promise<FastifyReference> {
  return bench.withServer('fastify', 'bare-fastify', undefined, async (server) => {
    const creates = createUserRequests(0);
    const gets = getUserRequests(sampleIndexes(1_000_000, 10_000, 1));
    await saturate({
      server,
      connections: bench.options.connections,
      pipelining: 1,
      seconds: 1,
      headers: bench.headers('POST'),
      request: creates,
    }); // warm-up
    const [post, postP99] = await measure(bench, server, 'POST', creates);
    const [get, getP99] = await measure(bench, server, 'GET', gets);
    return { post, get, postP99, getP99 };
  });
}

async function measure(
  bench: Bench,
  server: ChildServer,
  method: 'GET' | 'POST',
  request: RequestFactory,
): Promise<[Figure, Figure]> {
  const { connections, pipelining, loadSeconds, rate, rateSeconds } = bench.options;
  const load = { server, connections, headers: bench.headers(method), request };
  const runs = await bench.repeat(`REF bare Fastify ${method}`, async () => ({
    atMax: await saturate({ ...load, pipelining, seconds: loadSeconds }),
    atRate: await fixedRate({ ...load, rate, seconds: rateSeconds }),
  }));
  bench.results.detail(`refFastify${method}`, runs);
  const perSecond = runs.map((run) => run.atMax.requestsPerSecond);
  const p99 = runs.map((run) => run.atRate.latency.p99);
  return [
    bench.results.add({
      id: 'REF',
      what: `bare Fastify, ${method} fixed JSON, max load`,
      value: median(perSecond),
      unit: 'req/s',
      runs: perSecond,
      note: `${connections} conn × ${pipelining} pipelined; ${describeCpu(runs.map((run) => run.atMax))}`,
    }),
    bench.results.add({
      id: 'REF',
      what: `bare Fastify, ${method} fixed JSON, p99 at ${rate}/s`,
      value: median(p99),
      unit: 'ms',
      runs: p99,
      note: `p50 ${median(runs.map((run) => run.atRate.latency.p50)).toFixed(2)} ms; ${describeCpu(runs.map((run) => run.atRate))}`,
    }),
  ];
}

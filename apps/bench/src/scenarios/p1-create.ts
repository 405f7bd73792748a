import type { Bench } from '../bench';
import { fixedRate, saturate } from '../load';
import { createUserRequests, withIdempotencyKeys } from '../requests';
import { describeCpu } from '../process-usage';
import { median } from '../stats';
import type { FastifyReference } from './ref-fastify';
import type { SqliteReference } from './ref-sqlite';

/**
 * P1: POST /users (no password) against the all-in-one server (dist/apps/roster/src/main.js) on a fresh data
 * folder per run: a short warm-up, then the fixed-rate latency run, then the max-load run.
 */
export async function p1CreateUsers(
  bench: Bench,
  fastify: FastifyReference | null,
  sqlite: SqliteReference | null,
): Promise<void> {
  const { connections, pipelining, loadSeconds, rate, rateSeconds } = bench.options;
  const runs = await bench.repeat('P1 create users', (run) =>
    bench.withServer('roster', `p1-run${run}`, bench.freshDir(`p1-run${run}`), async (server) => {
      const load = { server, connections, headers: bench.headers('POST') };
      // Every run creates different people; the counters of the three phases never overlap.
      await saturate({ ...load, pipelining, seconds: 1, request: createUserRequests(10_000_000) });
      const atRate = await fixedRate({ ...load, rate, seconds: rateSeconds, request: createUserRequests(20_000_000) });
      const atMax = await saturate({
        ...load,
        pipelining,
        seconds: loadSeconds,
        request: createUserRequests(30_000_000),
      });
      // The same load with an Idempotency-Key on every create: its cost is one more stream read and written.
      const keyed = await saturate({
        ...load,
        pipelining,
        seconds: loadSeconds,
        request: withIdempotencyKeys(createUserRequests(40_000_000), `p1-run${run}`),
      });
      return { atRate, atMax, keyed, encryption: await encryptionCost(bench, run) };
    }),
  );
  bench.results.detail('p1', runs);

  const usersPerSecond = runs.map((run) => run.atMax.requestsPerSecond);
  const p99 = runs.map((run) => run.atRate.latency.p99);
  const failed = runs.reduce((sum, run) => sum + run.atMax.failed + run.atRate.failed, 0);
  const cpu = describeCpu(runs.map((run) => run.atMax));
  bench.results.add({
    id: 'P1',
    what: 'create user, sustained at max load',
    value: median(usersPerSecond),
    unit: 'users/s',
    runs: usersPerSecond,
    target: { atLeast: 2500 },
    reference: sqlite
      ? { name: 'raw SQLite one-row commits', value: sqlite.commits.value, unit: 'commits/s' }
      : undefined,
    note: `${connections} conn × ${pipelining} pipelined, ${loadSeconds} s; ${cpu}; ${failed} failed`,
  });
  const keyedCost = runs.map((run) => 100 * (1 - run.keyed.requestsPerSecond / run.atMax.requestsPerSecond));
  bench.results.add({
    id: 'P1',
    what: 'create user, added cost of an Idempotency-Key',
    value: median(keyedCost),
    unit: '%',
    runs: keyedCost,
    target: { atMost: 10 },
    note: `${median(runs.map((run) => run.keyed.requestsPerSecond)).toFixed(0)} users/s with a key on every create, measured after the run without; ${runs.reduce((sum, run) => sum + run.keyed.failed, 0)} failed`,
  });
  const encryptionCosts = runs.map(({ encryption }) => 100 * (1 - encryption.encrypted / encryption.plain));
  bench.results.add({
    id: 'P1',
    what: 'create user, cost of encrypting personal data',
    value: median(encryptionCosts),
    unit: '%',
    runs: encryptionCosts,
    target: { atMost: 10 },
    note: `the probe server at max load with encryption ${median(runs.map((run) => run.encryption.encrypted)).toFixed(0)} users/s, without ${median(runs.map((run) => run.encryption.plain)).toFixed(0)} users/s (each on a fresh data folder)`,
  });
  if (fastify) {
    const shares = usersPerSecond.map((value) => (100 * value) / fastify.post.value);
    bench.results.add({
      id: 'P1',
      what: 'create user, share of bare Fastify POST',
      value: median(shares),
      unit: '%',
      runs: shares,
      target: { atLeast: 15 },
    });
  }
  bench.results.add({
    id: 'P1',
    what: `create user, p99 at ${rate}/s`,
    value: median(p99),
    unit: 'ms',
    runs: p99,
    target: { atMost: 25 },
    reference: fastify ? { name: 'bare Fastify POST p99', value: fastify.postP99.value, unit: 'ms' } : undefined,
    note: `p50 ${median(runs.map((run) => run.atRate.latency.p50)).toFixed(1)} ms; ${describeCpu(runs.map((run) => run.atRate))}`,
  });
}

/** Creates per second at max load of the same server with and without the encryption of personal data. */
async function encryptionCost(bench: Bench, run: number): Promise<{ encrypted: number; plain: number }> {
  const { connections, pipelining, loadSeconds } = bench.options;
  const createsPerSecond = (variant: 'encrypted' | 'plain', env: Record<string, string>) =>
    bench.withServer(
      'probe',
      `p1-${variant}-run${run}`,
      bench.freshDir(`p1-${variant}-run${run}`),
      async (server) => {
        const load = { server, connections, headers: bench.headers('POST'), pipelining };
        await saturate({ ...load, seconds: 1, request: createUserRequests(50_000_000) });
        return (await saturate({ ...load, seconds: loadSeconds, request: createUserRequests(60_000_000) }))
          .requestsPerSecond;
      },
      env,
    );
  const plain = await createsPerSecond('plain', { BENCH_PERSONAL_DATA: 'plain' });
  const encrypted = await createsPerSecond('encrypted', {});
  return { encrypted, plain };
}

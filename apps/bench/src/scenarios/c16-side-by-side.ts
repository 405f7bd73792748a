import type { Bench } from '../bench';
import { sampleIndexes } from '../dataset';
import type { RequestFactory, SaturationResult } from '../load';
import { saturate } from '../load';
import { describeCpu } from '../process-usage';
import type { Login } from '../requests';
import { createUserRequests, egovLoginRequests, getUserRequests, searchRequests } from '../requests';
import type { Target } from '../results';
import type { ChildServer } from '../servers';
import { median } from '../stats';
import { growDataSet } from './p6-rebuild';

/** The conditions of issue 15's side-by-side table with Keycloak: 16 connections, one request in flight on each. */
const CONNECTIONS = 16;
const PIPELINING = 1;
/** Users stored (issue 15: 100,000; --quick: fewer, for a smoke test). */
const USERS = 100_000;
const QUICK_USERS = 20_000;
/** Different users and prefixes the reads cycle through. */
const SAMPLE = 50_000;

const ADMIN: Login = { userName: 'bench-admin', password: 'Bench@2026x', tenantId: 'pb', userType: 'SYSTEM' };
const ADMIN_ENV = {
  ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
  ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  ROSTER_BOOTSTRAP_ADMIN_TENANT: ADMIN.tenantId,
};

interface Operation {
  name: string;
  method: 'GET' | 'POST';
  /** The requests of the warm-up (run 0) and of each measured run: creates need new people every time. */
  request: (run: number) => RequestFactory;
  /** Answers per second the issue asks for. */
  rate?: Target;
  /** Server CPU time per request the issue asks for, ms. */
  cpu?: Target;
  /** Issue 15's table (same machine type, same conditions), for the eye, not measured here: Keycloak, then Roster then. */
  issueTable: string;
}

/**
 * C16: what issue 15's table compares with Keycloak, against the all-in-one server (`npm start`) holding 100,000
 * users: get by id, e-mail and last-name prefix search (limit 20), password login as DIGIT does it, and create
 * without password, each at 16 connections without pipelining. For each: answers/s, p99, the server's CPU time
 * per request and the cores it kept busy; create also as a share of bare Fastify at the same concurrency.
 */
export async function c16SideBySide(bench: Bench): Promise<void> {
  const users = bench.options.quick ? QUICK_USERS : USERS;
  const dataDir = bench.freshDir('c16-data');
  await growDataSet(bench, dataDir, 0, users, false);

  const reads = sampleIndexes(users, SAMPLE, 16);
  const operations: Operation[] = [
    {
      name: 'get user by id',
      method: 'GET',
      request: () => getUserRequests(reads),
      rate: { atLeast: 20_000 },
      cpu: { atMost: 0.05 },
      issueTable: 'Keycloak 875/s, 2.13 ms CPU; Roster then 11,205/s, 0.09 ms',
    },
    {
      name: 'search by e-mail prefix, limit 20',
      method: 'POST',
      request: () => searchRequests('email', reads),
      rate: { atLeast: 6_500 },
      cpu: { atMost: 0.3 },
      issueTable: 'Keycloak 65/s, 30.0 ms CPU; Roster then 1,633/s, 0.67 ms',
    },
    {
      name: 'search by last-name prefix, limit 20',
      method: 'POST',
      request: () => searchRequests('lastName', reads),
      cpu: { atMost: 0.3 },
      issueTable: 'Keycloak 270/s, 6.96 ms CPU; Roster then 1,538/s, 0.71 ms',
    },
    {
      name: 'password login (egov /user/oauth/token)',
      method: 'POST',
      request: () => egovLoginRequests(ADMIN),
      issueTable: 'Keycloak 44/s, 43.6 ms CPU; Roster then 160/s, 11.9 ms',
    },
    {
      // Last, so the reads above see exactly the data set; new people from indexes far above it, other ones per run.
      name: 'create user without password',
      method: 'POST',
      request: (run) => createUserRequests(70_000_000 + run * 1_000_000),
      rate: { atLeast: 4_500 },
      cpu: { atMost: 0.4 },
      issueTable: 'Keycloak 448/s, 4.03 ms CPU; Roster then 1,273/s, 0.79 ms',
    },
  ];

  const measured = await bench.withServer(
    'roster',
    `c16-${users}`,
    dataDir,
    async (server) => {
      const results: SaturationResult[][] = [];
      for (const operation of operations) results.push(await measure(bench, server, operation));
      return results;
    },
    ADMIN_ENV,
  );
  const fastify = await bench.withServer('fastify', 'c16-bare-fastify', undefined, (server) =>
    measure(bench, server, {
      name: 'bare Fastify POST',
      method: 'POST',
      request: (run) => createUserRequests(run * 1_000_000),
      issueTable: '',
    }),
  );
  bench.results.detail('c16', { users, operations: operations.map((operation) => operation.name), measured, fastify });

  operations.forEach((operation, i) => report(bench, users, operation, measured[i]));
  const fastifyPerSecond = median(fastify.map((run) => run.requestsPerSecond));
  const shares = measured[operations.length - 1].map((run) => (100 * run.requestsPerSecond) / fastifyPerSecond);
  bench.results.add({
    id: 'C16',
    what: 'create user, share of bare Fastify POST at 16 connections',
    users,
    value: median(shares),
    unit: '%',
    runs: shares,
    target: { atLeast: 25 },
    note: `bare Fastify ${fastifyPerSecond.toFixed(0)} req/s; p99 ${median(fastify.map((run) => run.latencyP99Ms)).toFixed(2)} ms; ${describeCpu(fastify)}`,
  });
}

/** A one-second warm-up, then `options.runs` max-load runs at 16 connections. */
async function measure(bench: Bench, server: ChildServer, operation: Operation): Promise<SaturationResult[]> {
  const load = { server, connections: CONNECTIONS, pipelining: PIPELINING, headers: bench.headers(operation.method) };
  await saturate({ ...load, seconds: 1, request: operation.request(0) });
  return bench.repeat(`C16 ${operation.name}`, (run) =>
    saturate({ ...load, seconds: bench.options.loadSeconds, request: operation.request(run) }),
  );
}

function report(bench: Bench, users: number, operation: Operation, runs: SaturationResult[]): void {
  const perSecond = runs.map((run) => run.requestsPerSecond);
  const failed = runs.reduce((sum, run) => sum + run.failed, 0);
  bench.results.add({
    id: 'C16',
    what: `${operation.name}, 16 connections`,
    users,
    value: median(perSecond),
    unit: 'req/s',
    runs: perSecond,
    target: operation.rate,
    note: `p99 ${median(runs.map((run) => run.latencyP99Ms)).toFixed(2)} ms; ${describeCpu(runs)}; ${failed} failed${operation.issueTable ? `; issue 15: ${operation.issueTable}` : ''}`,
  });
  const cpu = runs.map((run) => run.serverCpuMsPerRequest);
  bench.results.add({
    id: 'C16',
    what: `${operation.name}, server CPU per request`,
    users,
    value: median(cpu),
    unit: 'ms',
    runs: cpu,
    target: operation.cpu,
    note: `at 16 connections; server ${median(runs.map((run) => run.serverCores)).toFixed(2)} cores busy`,
  });
}

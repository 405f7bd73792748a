import { hash, verify } from '@node-rs/argon2';
import { ARGON2ID_OPTIONS } from '../../../user-service/src/auth/passwords/argon2id-password-hasher';
import { once } from 'node:events';
import type { Bench } from '../bench';
import type { RequestFactory } from '../load';
import { saturate } from '../load';
import { describeCpu, mainThreadScheduleOf } from '../process-usage';
import type { ChildServer } from '../servers';
import type { EventLoopReport } from '../servers/roster-probe';
import { median } from '../stats';

const TENANT = 'pb';
const ADMIN = { userName: 'bench-admin', password: 'Bench@2026x' };
const NEW_PASSWORD = 'Employee@2026';
/** Requests in flight: more than libuv's 4 pool threads, so hashing never waits on the client. */
const CONNECTIONS = 16;
/** Concurrent raw hashes in the reference, the same as the server can run at once (libuv's default pool). */
const RAW_CONCURRENCY = 4;

const SERVER_ENV = {
  ROSTER_BOOTSTRAP_ADMIN_USERNAME: ADMIN.userName,
  ROSTER_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  ROSTER_BOOTSTRAP_ADMIN_TENANT: TENANT,
  ROSTER_SECRET: 'bench-secret-0123456789abcdef-0123456789',
  // The benchmark logs in far more often than a person would; no lockout or rate limit applies to right passwords anyway.
};

interface RawArgon2 {
  hashesPerSecond: number;
  verifiesPerSecond: number;
}

/**
 * P9: password set (`/user/users/_createnovalidate` with a password: policy, argon2id hash, append) and login
 * (`/user/oauth/token`: argon2id verify, tokens) over HTTP against the all-in-one process, each as a share of raw
 * argon2id hashes/verifies at the same parameters in this process; and the longest event-loop stall the server
 * saw meanwhile (servers/roster-probe watches it), which stays small only if hashing runs off the loop.
 */
export async function p9Passwords(bench: Bench): Promise<void> {
  const { loadSeconds } = bench.options;
  const raw = await bench.repeat('P9 reference: raw argon2id', () => measureRawArgon2(loadSeconds));
  bench.results.detail('p9raw', raw);
  const runs = await bench.repeat('P9 password set and login', (run) =>
    bench.withServer(
      'probe',
      `p9-run${run}`,
      bench.freshDir(`p9-run${run}`),
      async (server) => {
        const token = await logIn(server);
        await eventLoopReport(server); // forget start-up
        const before = mainThreadScheduleOf(server.pid);
        const sets = await saturate({
          server,
          connections: CONNECTIONS,
          pipelining: 1,
          seconds: loadSeconds,
          headers: { 'content-type': 'application/json' },
          request: createWithPasswordRequests(token, run),
        });
        const setLoop = await eventLoopReport(server);
        const logins = await saturate({
          server,
          connections: CONNECTIONS,
          pipelining: 1,
          seconds: loadSeconds,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          request: loginRequests(),
        });
        const loginLoop = await eventLoopReport(server);
        const after = mainThreadScheduleOf(server.pid);
        const mainThread = { ranMs: after.ranMs - before.ranMs, waitedMs: after.waitedMs - before.waitedMs };
        return { sets, setLoop, logins, loginLoop, mainThread };
      },
      SERVER_ENV,
    ),
  );
  bench.results.detail('p9', runs);

  const rawHashes = median(raw.map((run) => run.hashesPerSecond));
  const rawVerifies = median(raw.map((run) => run.verifiesPerSecond));
  const setShares = runs.map((run) => (100 * run.sets.requestsPerSecond) / rawHashes);
  const loginShares = runs.map((run) => (100 * run.logins.requestsPerSecond) / rawVerifies);
  const stalls = runs.map((run) => Math.max(run.setLoop.maxDelayMs, run.loginLoop.maxDelayMs));
  const failed = runs.reduce((sum, run) => sum + run.sets.failed + run.logins.failed, 0);
  const params = `argon2id m=${ARGON2ID_OPTIONS.memoryCost} KiB t=${ARGON2ID_OPTIONS.timeCost} p=${ARGON2ID_OPTIONS.parallelism}`;
  bench.results.add({
    id: 'P9',
    what: 'password set, share of raw argon2id hashes',
    value: median(setShares),
    unit: '%',
    runs: setShares,
    target: { atLeast: 80 },
    note: `${median(runs.map((run) => run.sets.requestsPerSecond)).toFixed(1)} users/s vs raw ${params} ${rawHashes.toFixed(1)} hashes/s; ${describeCpu(runs.map((run) => run.sets))}`,
  });
  bench.results.add({
    id: 'P9',
    what: 'login, share of raw argon2id verifies',
    value: median(loginShares),
    unit: '%',
    runs: loginShares,
    target: { atLeast: 80 },
    note: `${median(runs.map((run) => run.logins.requestsPerSecond)).toFixed(1)} logins/s vs raw ${rawVerifies.toFixed(1)} verifies/s; ${describeCpu(runs.map((run) => run.logins))}; ${failed} failed`,
  });
  bench.results.add({
    id: 'P9',
    what: 'longest event-loop stall under password load',
    value: median(stalls),
    unit: 'ms',
    runs: stalls,
    target: { atMost: 50 },
    note:
      `p99 delay ${median(runs.map((run) => Math.max(run.setLoop.p99DelayMs, run.loginLoop.p99DelayMs))).toFixed(1)} ms;` +
      ` the event loop's thread waited for a core ${median(runs.map((run) => run.mainThread.waitedMs / 1000)).toFixed(1)} s` +
      ` and ran ${median(runs.map((run) => run.mainThread.ranMs / 1000)).toFixed(1)} s of the load (run queue: other threads and processes had the cores)`,
  });
}

async function measureRawArgon2(seconds: number): Promise<RawArgon2> {
  const stored = await hash(NEW_PASSWORD, ARGON2ID_OPTIONS);
  const hashesPerSecond = await opsPerSecond(seconds / 2, () => hash(NEW_PASSWORD, ARGON2ID_OPTIONS));
  const verifiesPerSecond = await opsPerSecond(seconds / 2, () => verify(stored, NEW_PASSWORD));
  return { hashesPerSecond, verifiesPerSecond };
}

/** RAW_CONCURRENCY loops running `operation` back to back for `seconds`. */
async function opsPerSecond(seconds: number, operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      await operation();
      done++;
    }
  };
  await Promise.all(Array.from({ length: RAW_CONCURRENCY }, loop));
  return done / ((performance.now() - started) / 1000);
}

function loginForm(userName: string, password: string): string {
  return new URLSearchParams({
    username: userName,
    password,
    grant_type: 'password',
    scope: 'read',
    tenantId: TENANT,
    userType: 'SYSTEM',
  }).toString();
}

async function logIn(server: ChildServer): Promise<string> {
  const response = await fetch(`${server.url}/user/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: loginForm(ADMIN.userName, ADMIN.password),
  });
  if (!response.ok)
    throw new Error(`P9: the bootstrap admin cannot log in: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** EMPLOYEE users with a password, a different userName and mobile number each time. */
function createWithPasswordRequests(token: string, run: number): RequestFactory {
  return (counter) => {
    const serial = run * 10_000_000 + counter;
    const user = {
      userName: `emp${serial}`,
      name: `Bench Employee ${serial}`,
      mobileNumber: String(7_000_000_000 + serial),
      gender: 'FEMALE',
      type: 'EMPLOYEE',
      tenantId: TENANT,
      password: NEW_PASSWORD,
      roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
    };
    return {
      method: 'POST',
      path: '/user/users/_createnovalidate',
      body: JSON.stringify({ RequestInfo: { apiId: 'bench', authToken: token }, user }),
    };
  };
}

function loginRequests(): RequestFactory {
  const body = loginForm(ADMIN.userName, ADMIN.password);
  return () => ({ method: 'POST', path: '/user/oauth/token', body });
}

async function eventLoopReport(server: ChildServer): Promise<EventLoopReport> {
  const answer = once(server.child, 'message') as Promise<[EventLoopReport]>;
  server.child.send('bench:event-loop');
  return (await answer)[0];
}

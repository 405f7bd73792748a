import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';
import type { Percentiles } from './stats';
import { percentilesOf } from './stats';
import type { CpuShares } from './process-usage';
import { cpuMsPerRequest, withCpu } from './process-usage';

/** One request of a load run; the factory is called with a running counter, so every request can differ. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Added to the run's headers for this request alone (e.g. an Idempotency-Key). */
  headers?: Record<string, string>;
}
export type RequestFactory = (counter: number) => RequestSpec;

export interface Server {
  url: string;
  pid: number;
}

export interface LoadOptions {
  server: Server;
  headers: Record<string, string>;
  connections: number;
  request: RequestFactory;
}

export interface SaturationResult extends CpuShares {
  requestsPerSecond: number;
  serverCpuMsPerRequest: number;
  ok: number;
  failed: number;
  seconds: number;
  latencyP99Ms: number;
}

export interface FixedRateResult extends CpuShares {
  serverCpuMsPerRequest: number;
  rate: number;
  seconds: number;
  sent: number;
  ok: number;
  failed: number;
  /** Milliseconds from the moment a request was due (not when it got a socket) to the end of its response. */
  latency: Percentiles;
}

/**
 * Closed loop at maximum load: `connections` keep-alive connections, each with `pipelining` requests in
 * flight, for `seconds` (autocannon). Only 2xx answers count as done.
 */
export async function saturate(
  options: LoadOptions & { pipelining: number; seconds: number },
): Promise<SaturationResult> {
  let counter = 0;
  const { result, cpu } = await withCpu(options.server.pid, () =>
    autocannon({
      url: options.server.url,
      connections: options.connections,
      pipelining: options.pipelining,
      duration: options.seconds,
      headers: options.headers,
      requests: [
        {
          setupRequest: (request) => {
            const spec = options.request(counter++);
            return { ...request, ...spec, headers: { ...request.headers, ...spec.headers } };
          },
        },
      ],
    }),
  );
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    seconds: result.duration,
    latencyP99Ms: result.latency.p99,
    ...cpu,
    serverCpuMsPerRequest: cpuMsPerRequest(cpu, result.requests.total),
  };
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whatever happened to earlier ones, so a
 * stalled server shows up as latency instead of as fewer requests (no coordinated omission). The first
 * `warmUpSeconds` are sent but not recorded. Requests still unanswered `drainSeconds` after the last one
 * was due count as failed.
 */
export async function fixedRate(
  options: LoadOptions & { rate: number; seconds: number; warmUpSeconds?: number; drainSeconds?: number },
): Promise<FixedRateResult> {
  const { rate, seconds } = options;
  const warmUp = Math.round(rate * (options.warmUpSeconds ?? 1));
  const total = warmUp + Math.round(rate * seconds);
  const target = new URL(options.server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;

  const { cpu } = await withCpu(
    options.server.pid,
    () =>
      new Promise<void>((resolve) => {
        const start = performance.now() + 5;
        let sent = 0;
        let answered = 0;
        let finished = false;
        const finish = () => {
          finished = true;
          clearTimeout(guard);
          resolve();
        };
        const send = (index: number, dueAt: number) => {
          const spec = options.request(index);
          const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
          const headers = body
            ? {
                ...options.headers,
                ...spec.headers,
                'content-type': 'application/json',
                'content-length': String(body.length),
              }
            : { ...options.headers, ...spec.headers };
          const done = (success: boolean) => {
            if (finished) return;
            if (index >= warmUp) {
              if (success) {
                ok++;
                latencies.push(performance.now() - dueAt);
              } else failed++;
            }
            if (++answered === total) finish();
          };
          const request = httpRequest(
            { agent, host: target.hostname, port: target.port, method: spec.method, path: spec.path, headers },
            (response) => {
              response.resume();
              response.on('end', () => done(response.statusCode !== undefined && response.statusCode < 300));
              response.on('error', () => done(false));
            },
          );
          request.on('error', () => done(false));
          request.end(body);
        };
        const tick = () => {
          const now = performance.now();
          for (
            let dueAt = start + (sent * 1000) / rate;
            sent < total && dueAt <= now;
            dueAt = start + (sent * 1000) / rate
          )
            send(sent++, dueAt);
          if (sent < total) setTimeout(tick, 1);
        };
        const guard = setTimeout(
          () => {
            failed = total - warmUp - ok; // every recorded request not answered by now failed
            finish();
          },
          (total / rate + (options.drainSeconds ?? 10)) * 1000,
        );
        setTimeout(tick, 5);
      }),
  );
  agent.destroy();
  // The CPU window covers the warm-up too, so every request sent counts.
  const serverCpuMsPerRequest = cpuMsPerRequest(cpu, total);
  return {
    rate,
    seconds,
    ...cpu,
    sent: total - warmUp,
    ok,
    failed,
    latency: percentilesOf(latencies),
    serverCpuMsPerRequest,
  };
}

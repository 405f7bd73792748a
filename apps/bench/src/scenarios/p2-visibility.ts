import { once } from 'node:events';
import type { Bench } from '../bench';
import { fixedRate } from '../load';
import { createUserRequests } from '../requests';
import type { ChildServer } from '../servers';
import type { VisibilityReport } from '../servers/roster-probe';
import { describeCpu } from '../process-usage';
import { median, percentilesOf } from '../stats';

/** Asks the probe server for the accepted → visible latencies recorded since the last question. */
async function visibilityReport(server: ChildServer): Promise<VisibilityReport> {
  const answer = once(server.child, 'message') as Promise<[VisibilityReport]>;
  server.child.send('bench:visibility');
  return (await answer)[0];
}

/**
 * P2: creates at a fixed rate over HTTP against the all-in-one process with two clocks added (servers/roster-probe):
 * from the create command's answer to the commit of the projector batch that makes it readable.
 */
export async function p2Visibility(bench: Bench): Promise<void> {
  const { rate, rateSeconds, connections } = bench.options;
  const runs = await bench.repeat(`P2 accepted → visible at ${rate}/s`, (run) =>
    bench.withServer('probe', `p2-run${run}`, bench.freshDir(`p2-run${run}`), async (server) => {
      const load = { server, connections, rate, headers: bench.headers('POST') };
      await fixedRate({ ...load, seconds: 1, warmUpSeconds: 0, request: createUserRequests(40_000_000) });
      await visibilityReport(server); // forget the warm-up
      const http = await fixedRate({
        ...load,
        seconds: rateSeconds,
        warmUpSeconds: 0,
        request: createUserRequests(50_000_000),
      });
      const report = await visibilityReport(server);
      // A command never seen in the read model counts as infinitely late, not as absent.
      const latencies = [...report.latenciesMs, ...new Array<number>(report.unseen).fill(Infinity)];
      return { http, visibility: percentilesOf(latencies), unseen: report.unseen };
    }),
  );
  bench.results.detail('p2', runs);
  const unseen = runs.reduce((sum, run) => sum + run.unseen, 0);
  const note = `${runs[0].visibility.count} commands per run, ${unseen} never visible within 10 s; ${describeCpu(runs.map((run) => run.http))}`;
  for (const [name, target] of [
    ['p50', 5],
    ['p99', 50],
  ] as const) {
    const values = runs.map((run) => run.visibility[name]);
    bench.results.add({
      id: 'P2',
      what: `accepted → visible in read model, ${name} at ${rate}/s`,
      value: median(values),
      unit: 'ms',
      runs: values,
      target: { atMost: target },
      note,
    });
  }
}

import type { Bench } from '../bench';
import { memoryOf } from '../process-usage';
import type { ChildServer } from '../servers';

/** P8: resident memory of the all-in-one server after the P3–P5 load at this scale (now and at its peak). */
export function p8Memory(bench: Bench, server: ChildServer, users: number): void {
  const { rssMiB, peakRssMiB } = memoryOf(server.pid);
  bench.results.add({
    id: 'P8',
    what: 'all-in-one server memory, peak RSS',
    users,
    value: peakRssMiB,
    unit: 'MiB',
    target: { atMost: 300 },
    note: `${rssMiB.toFixed(0)} MiB at the end`,
  });
}

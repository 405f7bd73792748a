import type { Bench } from '../bench';
import { memoryOf } from '../process-usage';
import type { ChildServer } from '../servers';

/**
 * P8: resident memory of the all-in-one server after the P3–P5 load at this scale, its worker processes counted
 * together with it: the sum of every process's peak RSS, and now (RSS and PSS, which counts shared pages once).
 */
export function p8Memory(bench: Bench, server: ChildServer, users: number): void {
  const memory = memoryOf(server.pid);
  const [primary, ...children] = memory.processes;
  const perProcess = (label: string, member: { peakRssMiB: number; rssMiB: number }) =>
    `${label} ${member.peakRssMiB.toFixed(0)}/${member.rssMiB.toFixed(0)}`;
  bench.results.detail(`p8-${users}`, memory);
  bench.results.add({
    id: 'P8',
    what: 'all-in-one server memory, peak RSS',
    users,
    value: memory.peakRssMiB,
    unit: 'MiB',
    target: { atMost: 300 },
    note:
      `${memory.processes.length} process(es); ${memory.rssMiB.toFixed(0)} MiB RSS, ${memory.pssMiB.toFixed(0)} MiB PSS at the end;` +
      ` peak/end MiB: ${[perProcess('primary', primary), ...children.map((child, index) => perProcess(`child ${index + 1}`, child))].join(', ')}`,
  });
}

import { readdirSync, readFileSync } from 'node:fs';
import { median } from './stats';

/** Linux reports process CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name, which is in parentheses and may contain spaces. */
function statFieldsOf(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * A process and all its descendants (e.g. the all-in-one server's primary and its HTTP worker processes), from the
 * parent of every process in /proc; the given pid first.
 */
export function processTreeOf(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let parent: number;
    try {
      parent = Number(statFieldsOf(Number(entry))[1]); // ppid
    } catch {
      continue; // exited while we looked
    }
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
  }
  const tree = [pid];
  for (let next = 0; next < tree.length; next++) tree.push(...(childrenOf.get(tree[next]) ?? []));
  return tree;
}

/**
 * CPU seconds (user + system, all threads) a process and its descendants have used so far, from /proc. Each process
 * counts its reaped children too (cutime, cstime), so a descendant that exits between two readings keeps its time.
 */
export function cpuSecondsOf(pid: number): number {
  let ticks = 0;
  for (const member of processTreeOf(pid)) {
    try {
      const fields = statFieldsOf(member);
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]); // utime stime cutime cstime
    } catch {
      // exited since the tree was read: its time is now in its parent's cutime/cstime
    }
  }
  return ticks / TICKS_PER_SECOND;
}

export interface ProcessMemory {
  pid: number;
  rssMiB: number;
  /** Highest RSS so far (VmHWM). */
  peakRssMiB: number;
  /** Proportional set size: pages shared with other processes (the node binary, shared libraries) split among them. */
  pssMiB: number;
}

/** Memory of a process and every descendant, and the sums over them. */
export interface TreeMemory {
  processes: ProcessMemory[];
  rssMiB: number;
  /**
   * The sum of every process's own peak: at least the tree's peak, more when the processes peaked at different
   * moments. Counts shared pages once per process, like RSS.
   */
  peakRssMiB: number;
  /** The tree's memory now with shared pages counted once. */
  pssMiB: number;
}

/** Resident memory of a process and all its descendants (now, at each one's peak, and proportional), in MiB. */
export function memoryOf(pid: number): TreeMemory {
  const processes: ProcessMemory[] = [];
  for (const member of processTreeOf(pid)) {
    try {
      const status = readFileSync(`/proc/${member}/status`, 'utf8');
      const rollup = readFileSync(`/proc/${member}/smaps_rollup`, 'utf8');
      const mib = (text: string, name: string) =>
        Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
      processes.push({
        pid: member,
        rssMiB: mib(status, 'VmRSS'),
        peakRssMiB: mib(status, 'VmHWM'),
        pssMiB: mib(rollup, 'Pss'),
      });
    } catch {
      // exited since the tree was read
    }
  }
  const sum = (pick: (memory: ProcessMemory) => number) => processes.reduce((total, memory) => total + pick(memory), 0);
  return {
    processes,
    rssMiB: sum((memory) => memory.rssMiB),
    peakRssMiB: sum((memory) => memory.peakRssMiB),
    pssMiB: sum((memory) => memory.pssMiB),
  };
}

/**
 * How long a process's main thread (the event loop's: its thread id is the pid) has run and has waited for a core
 * while runnable, in ms, from /proc/<pid>/task/<pid>/schedstat. Tells a slow event loop from a starved one.
 */
export function mainThreadScheduleOf(pid: number): { ranMs: number; waitedMs: number } {
  const [ranNs, waitedNs] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { ranMs: ranNs / 1e6, waitedMs: waitedNs / 1e6 };
}

/** CPU seconds the whole machine spent busy so far (every core; user, nice, system, irq, softirq, steal), from /proc/stat. */
export function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

export interface CpuShares {
  /** Wall-clock seconds the CPU was measured over. */
  wallSeconds: number;
  /** Cores the server under test (its process and all its descendants) used on average (1 = one core fully busy). */
  serverCores: number;
  /** Cores this process (the load generator) used. */
  generatorCores: number;
  /** Cores everything else on the machine used meanwhile: the noise of a shared machine. */
  otherCores: number;
}

/** The `otherCores` of every measurement so far: how noisy the machine was over the whole benchmark. */
export const otherLoadSeen: number[] = [];

/** Measures how busy the server, this process and the rest of the machine were while `work` ran. */
export async function withCpu<T>(serverPid: number, work: () => Promise<T>): Promise<{ result: T; cpu: CpuShares }> {
  const serverBefore = cpuSecondsOf(serverPid);
  const machineBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const self = process.cpuUsage(selfBefore);
  const serverCores = (cpuSecondsOf(serverPid) - serverBefore) / seconds;
  const generatorCores = (self.user + self.system) / 1e6 / seconds;
  const machineCores = (machineBusySeconds() - machineBefore) / seconds;
  const otherCores = Math.max(0, machineCores - serverCores - generatorCores);
  otherLoadSeen.push(otherCores);
  return { result, cpu: { wallSeconds: seconds, serverCores, generatorCores, otherCores } };
}

/**
 * Waits (at most `maxSeconds`) for a second in which the rest of the machine used less than `threshold` cores,
 * so a measurement does not start in the middle of someone else's build. Returns the load it last saw.
 */
export async function waitForQuietMachine(maxSeconds: number, threshold = 0.25): Promise<number> {
  const deadline = performance.now() + maxSeconds * 1000;
  for (;;) {
    const before = machineBusySeconds();
    const self = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const used = process.cpuUsage(self);
    const others = machineBusySeconds() - before - (used.user + used.system) / 1e6;
    if (others < threshold || performance.now() >= deadline) return Math.max(0, others);
  }
}

/** Server CPU time per answered request, in ms: unlike latency, hardly moved by other work on the machine. */
export function cpuMsPerRequest(cpu: CpuShares, answered: number): number {
  return answered > 0 ? (cpu.serverCores * cpu.wallSeconds * 1000) / answered : NaN;
}

/** "server 0.95 cores (0.31 ms CPU/request), generator 0.80, others 0.10" (medians over runs). */
export function describeCpu(runs: readonly (CpuShares & { serverCpuMsPerRequest: number })[]): string {
  const value = (pick: (run: CpuShares & { serverCpuMsPerRequest: number }) => number) =>
    median(runs.map(pick)).toFixed(2);
  return (
    `server ${value((run) => run.serverCores)} cores (${value((run) => run.serverCpuMsPerRequest)} ms CPU/request),` +
    ` generator ${value((run) => run.generatorCores)}, others ${value((run) => run.otherCores)}`
  );
}

import { readFileSync } from 'node:fs';
import { median } from './stats';

/** Linux reports process CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

/** Resident memory now and at its peak, in MiB. */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
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
  /** Cores the server under test used on average (1 = one core fully busy). */
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

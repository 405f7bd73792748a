import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpuSecondsOf, mainThreadScheduleOf, memoryOf, processTreeOf } from './process-usage';

/** A child that starts a grandchild burning 0.3 s of CPU time, then both wait until killed. */
const PARENT = `
const { spawn } = require('node:child_process');
const grandchild = spawn(process.execPath, ['-e', 'while (process.cpuUsage().user < 300000); process.send("burnt"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
grandchild.on('message', () => process.send(grandchild.pid));
setInterval(() => {}, 1000);
`;

describe('process usage of a server and its descendants', () => {
  it('counts the CPU time and memory of every descendant', async () => {
    // Detached: its own process group, so the test can end the parent and the grandchild together.
    const parent = spawn(process.execPath, ['-e', PARENT], {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    try {
      const [grandchild] = (await once(parent, 'message')) as [number];
      const parentPid = parent.pid as number;

      expect(processTreeOf(parentPid)).toEqual([parentPid, grandchild]);
      // The grandchild's 0.3 s are counted with the parent (clock ticks of 10 ms).
      expect(cpuSecondsOf(parentPid)).toBeGreaterThanOrEqual(0.29);
      const memory = memoryOf(parentPid);
      expect(memory.processes.map((member) => member.pid)).toEqual([parentPid, grandchild]);
      const [first, second] = memory.processes;
      expect(memory.rssMiB).toBeCloseTo(first.rssMiB + second.rssMiB, 5);
      expect(memory.peakRssMiB).toBeCloseTo(first.peakRssMiB + second.peakRssMiB, 5);
      // Two node processes share the node binary's pages, which PSS counts once.
      expect(memory.pssMiB).toBeLessThan(memory.rssMiB);
    } finally {
      const exited = once(parent, 'exit');
      process.kill(-(parent.pid as number), 'SIGKILL');
      await exited;
    }
  }, 30_000); // a busy machine can take seconds to give the grandchild its CPU time

  it("tells how long a process's main thread ran and waited for a core", () => {
    const before = mainThreadScheduleOf(process.pid);
    const end = performance.now() + 50;
    while (performance.now() < end); // run 50 ms on this (the main) thread
    const after = mainThreadScheduleOf(process.pid);

    // A spinning thread is always running or waiting for a core: the two add up to the 50 ms, however busy the machine.
    expect(after.ranMs - before.ranMs).toBeGreaterThan(0);
    expect(after.ranMs - before.ranMs + (after.waitedMs - before.waitedMs)).toBeGreaterThanOrEqual(45);
  });
});

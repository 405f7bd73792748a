import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpuSecondsOf, memoryOf, processTreeOf } from './process-usage';

/** A child that starts a grandchild burning about 0.5 s of CPU, then both wait until killed. */
const PARENT = `
const { spawn } = require('node:child_process');
const grandchild = spawn(process.execPath, ['-e', 'const end = Date.now() + 500; while (Date.now() < end); process.send("burnt"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
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
      // The parent itself burnt almost nothing; the grandchild's half second is counted with it.
      expect(cpuSecondsOf(parentPid)).toBeGreaterThanOrEqual(0.4);
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
  });
});

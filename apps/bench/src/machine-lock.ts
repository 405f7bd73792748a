import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One benchmark at a time per machine: two at once on two cores measure each other. */
const LOCK_FILE = join(tmpdir(), 'roster-bench.lock');

function holder(): number | null {
  try {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8'));
    process.kill(pid, 0); // throws when no such process
    return pid;
  } catch {
    return null;
  }
}

/** Waits (at most `maxMinutes`) until no other benchmark holds the machine, then holds it until `release()`. */
export async function lockMachine(maxMinutes: number, log: (message: string) => void): Promise<() => void> {
  const deadline = Date.now() + maxMinutes * 60_000;
  for (let other = holder(); other !== null && other !== process.pid; other = holder()) {
    if (Date.now() > deadline) throw new Error(`another benchmark (pid ${other}) still holds ${LOCK_FILE}`);
    log(`another benchmark (pid ${other}) is running; waiting for it to finish`);
    await sleep(10_000);
  }
  writeFileSync(LOCK_FILE, String(process.pid));
  return () => {
    if (holder() === process.pid) rmSync(LOCK_FILE, { force: true });
  };
}

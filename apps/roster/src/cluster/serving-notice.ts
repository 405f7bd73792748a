/** What Roster sends its parent process, when started with an IPC channel, once every HTTP worker listens. */
export const SERVING = { type: 'roster:serving' } as const;

/**
 * A parent that starts Roster with an IPC channel (a process manager, the benchmark) learns when all of it serves:
 * `/health` answers as soon as the first worker listens, the others may still be starting.
 */
export function tellParentServing(): void {
  process.send?.(SERVING);
}

import cluster, { type Worker } from 'node:cluster';

/** The `type` of an IPC message between Roster's processes (each is `{ type, … }`); undefined for anything else. */
export function typeOf(message: unknown): unknown {
  return (message as { type?: unknown } | null)?.type;
}

/** In the primary: the workers whose IPC channel is open, to send a message to. */
export function connectedWorkers(): Worker[] {
  return Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker?.isConnected() === true);
}

import cluster from 'node:cluster';
import type { CommitNotices } from '@roster/stores';
import { typeOf } from './messages';

/** Worker → primary: this worker committed events to the shared event store. */
const COMMITTED = { type: 'roster:committed' } as const;

function isCommitted(message: unknown): boolean {
  return typeOf(message) === COMMITTED.type;
}

/**
 * A worker tells the primary after each of its commits (one per group commit), so the projector and the relay
 * read the new events at once instead of at their next poll of the file: a read presenting the write's consistency
 * token waits on the projector. Workers are not told of each other's commits (that would cost every worker an IPC
 * message per commit of every other): only the change feed's long poll follows the log in a worker, and it finds
 * another worker's events at its next poll (150 ms).
 */
export function workerCommitNotices(): CommitNotices {
  return {
    committed: () => process.send?.(COMMITTED),
    onCommittedElsewhere: () => undefined,
  };
}

/** The primary wakes its subscriptions on every worker's commit; it writes no events of its own. */
export function primaryCommitNotices(): CommitNotices {
  return {
    committed: () => undefined,
    onCommittedElsewhere: (wake) =>
      cluster.on('message', (_worker, message: unknown) => isCommitted(message) && wake()),
  };
}

import type { ExpectedRevision } from '../event-store';
import { checkExpectedRevision } from '../expected-revision';
import { isStreamNotFound } from './errors';
import type { KurrentDbClient } from './kurrentdb-client';
import { BACKWARDS, END, toPortRevision } from './mapping';

/** The stream's last revision, -1 when it has no events. Read from the leader, which has every acknowledged write. */
export async function readStreamRevision(client: KurrentDbClient, stream: string): Promise<number> {
  try {
    const last = client.readStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
      requiresLeader: true,
    });
    for await (const resolved of last) {
      if (resolved.event) return toPortRevision(resolved.event.revision);
    }
    return -1;
  } catch (error) {
    if (isStreamNotFound(error)) return -1;
    throw error;
  }
}

/**
 * Checks expected revisions by reading, where the server cannot check them as part of a write (an
 * assert-only entry before KurrentDB 26.1, or before a sequence of single-stream appends). Each read is a
 * true statement about its stream at that moment, not a lock: a write landing after it is not seen.
 * Throws WrongExpectedRevisionError for the first stream, in the given order, whose expectation fails.
 */
export async function verifyExpectations(
  client: KurrentDbClient,
  streams: Array<{ stream: string; expected: ExpectedRevision }>,
): Promise<Map<string, number>> {
  const actual = await Promise.all(streams.map(({ stream }) => readStreamRevision(client, stream)));
  const revisions = new Map<string, number>();
  streams.forEach(({ stream, expected }, index) => {
    checkExpectedRevision(stream, expected, actual[index]);
    revisions.set(stream, actual[index]);
  });
  return revisions;
}

import type { AppendResponse, ConsistencyCheck } from '@kurrent/kurrentdb-client';
import type { AppendPlan } from './append-plan';
import { assertedStreams, writtenStreams } from './append-plan';
import type { KurrentDbClient } from './kurrentdb-client';
import { toPortRevision, toPropertyEventData, toStreamState } from './mapping';
import { verifyExpectations } from './stream-state';

/** What the server reports for a write: the commit position of the last event and each written stream's revision. */
export interface WriteOutcome {
  /** Absent only from servers older than 22.6, which do not report positions. */
  position: bigint | undefined;
  revisions: Map<string, number>;
}

/**
 * KurrentDB 26.1+: one appendRecords request. The events keep the caller's order in the log, and every
 * expectation, including those of assert-only entries, is a consistency check the server evaluates in the
 * same commit: the only path on which an assert-only entry is guaranteed against a concurrent writer.
 */
export async function appendRecordsAtomically(client: KurrentDbClient, plan: AppendPlan): Promise<WriteOutcome> {
  const records = plan.events.map(({ stream, event }) => ({ streamName: stream, record: toPropertyEventData(event) }));
  const checks: ConsistencyCheck[] = plan.streams
    .filter(({ expected }) => expected !== 'any')
    .map(({ stream, expected }) => ({
      type: 'stream_state',
      streamName: stream,
      expectedState: toStreamState(expected),
    }));
  const result = await client.appendRecords(records, checks);
  return { position: result.position, revisions: revisionsOf(result.responses) };
}

/**
 * KurrentDB 25.1–26.0: one multiStreamAppend (all written streams commit together, or none). Its requests
 * cannot be empty — the server refuses a request without records ("Stream append request must contain at
 * least one record") — so assert-only entries are checked by reading them right before the append. That
 * read is not part of the commit: a write to an asserted stream in between goes unnoticed. Callers that
 * need the assertion to hold under concurrency (the hierarchy guards) need 26.1+, see docs/kurrentdb.md.
 */
export async function multiStreamAppendAtomically(client: KurrentDbClient, plan: AppendPlan): Promise<WriteOutcome> {
  const requests = writtenStreams(plan).map(({ stream, expected, events }) => ({
    streamName: stream,
    expectedState: toStreamState(expected),
    events: events.map(toPropertyEventData),
  }));
  await verifyExpectations(client, assertedStreams(plan));
  const result = await client.multiStreamAppend(requests);
  return { position: result.position, revisions: revisionsOf(result.responses) };
}

function revisionsOf(responses: AppendResponse[]): Map<string, number> {
  return new Map(responses.map(({ streamName, revision }) => [streamName, toPortRevision(revision)]));
}

import type { ExpectedRevision, StreamAppend } from '../event-store';
import { DuplicateEventIdError, unchangedSince } from '../event-store';
import { checkExpectedRevision } from '../expected-revision';
import type { SerializedEvent } from '../serialized-event';
import { serializeAppends } from '../serialized-event';

export interface PlannedEvent {
  stream: string;
  event: SerializedEvent;
}

/** What one append requires of one stream and writes to it, however many of the caller's entries name it. */
export interface StreamPlan {
  stream: string;
  /** Checked against the stream as it is before the append. */
  expected: ExpectedRevision;
  /** Empty for an entry that only asserts `expected`. */
  events: SerializedEvent[];
}

export interface AppendPlan {
  /** Every event, in the caller's order. */
  events: PlannedEvent[];
  /** One entry per stream, in order of first mention. */
  streams: StreamPlan[];
}

/**
 * Serializes first, so a payload that is not JSON fails before any I/O, and folds repeated entries of one
 * stream into one expectation: KurrentDB checks each stream once per multi-stream append (25.1 even refuses a
 * stream named twice), so a later entry's expected revision must follow from the first one's plus the events
 * in between. One that cannot is a conflict before anything is sent, as it would be inside a transaction.
 */
export async function planAppend(
  appends: StreamAppend[],
  currentRevision: (stream: string) => Promise<number>,
): Promise<AppendPlan> {
  const plan: AppendPlan = { events: [], streams: [] };
  const byStream = new Map<string, StreamPlan>();
  const ids = new Set<string>();
  for (const { stream, events, expectedRevision } of serializeAppends(appends)) {
    for (const event of events) {
      // KurrentDB does not index event ids across streams; within one append the adapter can still refuse a repeat.
      if (ids.has(event.id)) throw new DuplicateEventIdError(event.id);
      ids.add(event.id);
    }
    let planned = byStream.get(stream);
    if (planned) {
      await reconcile(planned, expectedRevision, currentRevision);
    } else {
      planned = { stream, expected: expectedRevision, events: [] };
      byStream.set(stream, planned);
      plan.streams.push(planned);
    }
    planned.events.push(...events);
    plan.events.push(...events.map((event) => ({ stream, event })));
  }
  return plan;
}

export function writtenStreams(plan: AppendPlan): StreamPlan[] {
  return plan.streams.filter((stream) => stream.events.length > 0);
}

/** Streams the append only asserts something about. */
export function assertedStreams(plan: AppendPlan): StreamPlan[] {
  return plan.streams.filter((stream) => stream.events.length === 0);
}

async function reconcile(
  planned: StreamPlan,
  expected: ExpectedRevision,
  currentRevision: (stream: string) => Promise<number>,
): Promise<void> {
  if (expected === 'any') return;
  // 'any' first, a revision later: pin the first to the stream's current revision, so the server checks both.
  const first = planned.expected === 'any' ? unchangedSince(await currentRevision(planned.stream)) : planned.expected;
  planned.expected = first;
  const base = first === 'no_stream' ? -1 : first;
  checkExpectedRevision(planned.stream, expected, base + planned.events.length);
}

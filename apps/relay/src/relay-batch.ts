import type { RecordedEvent } from '@roster/event-store';
import type { UserTopicNames } from '@roster/messaging';
import { toUserEventMessage, toUserStateMessage, userIdOf } from '@roster/messaging';
import { currentTraceparent, saneTraceparent } from '@roster/observability';
import type { Message, TopicMessages } from 'kafkajs';

export type ReadStream = (stream: string) => Promise<RecordedEvent[]>;

/**
 * The messages for one batch of the log: every user event in log order, and for each user the batch
 * touched, the user's state as of the last of those events. Internal streams yield nothing.
 *
 * A user's events within the batch are consecutive revisions of its stream (the log holds every revision
 * in order), so when the batch starts the stream its state needs no read; otherwise the stream is read and
 * cut at that revision, which keeps the state equal to what the published events add up to, and a
 * retried batch byte-for-byte the same.
 */
export async function relayBatch(
  batch: readonly RecordedEvent[],
  topics: UserTopicNames,
  readStream: ReadStream,
): Promise<TopicMessages[]> {
  const events = batch
    .map((event) => traced(toUserEventMessage(event), event))
    .filter((message): message is Message => message !== null);
  const states: Message[] = [];
  for (const userEvents of groupByUserStream(batch)) {
    const state = traced(toUserStateMessage(await userStreamUpTo(userEvents, readStream)), userEvents.at(-1)!);
    if (state) states.push(state);
  }
  return [
    { topic: topics.events, messages: events },
    { topic: topics.state, messages: states },
  ].filter(({ messages }) => messages.length > 0);
}

/**
 * The record with a `traceparent` header, so a consumer continues the trace: the one the event was appended in
 * (its metadata), else the relay's own span's when tracing is on.
 */
function traced(message: Message | null, event: RecordedEvent): Message | null {
  const traceparent = saneTraceparent(event.metadata.traceparent) ?? currentTraceparent();
  if (!message || !traceparent) return message;
  return { ...message, headers: { ...message.headers, traceparent } };
}

function groupByUserStream(batch: readonly RecordedEvent[]): RecordedEvent[][] {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of batch) {
    if (userIdOf(event) === null) continue;
    const events = byStream.get(event.stream);
    if (events) events.push(event);
    else byStream.set(event.stream, [event]);
  }
  return [...byStream.values()];
}

async function userStreamUpTo(userEvents: RecordedEvent[], readStream: ReadStream): Promise<RecordedEvent[]> {
  if (userEvents[0].revision === 0) return userEvents;
  const last = userEvents[userEvents.length - 1];
  return (await readStream(last.stream)).slice(0, last.revision + 1);
}

import type { ReadMessage } from '@roster/messaging/testing';
import { TopicReader } from '@roster/messaging/testing';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Reads every topic of `prefix` from the beginning until `done` holds. Per partition, and so per user
 * (key = user id), messages arrive in offset order.
 */
export async function readTopics(
  brokers: string,
  prefix: string,
  done: (reader: TopicReader) => boolean,
): Promise<ReadMessage[]> {
  const brokerList = brokers.split(',');
  const reader = await TopicReader.start(brokerList, await topicsOf(brokerList, prefix));
  try {
    await reader.until(done, 60_000);
    return reader.messages;
  } finally {
    await reader.stop();
  }
}

async function topicsOf(brokers: string[], prefix: string): Promise<string[]> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((topic) => topic.startsWith(`${prefix}.`));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Per user, the stream revisions of the events topic's messages in arrival order, counting each `ce_id`
 * only the first time, as a de-duplicating consumer sees them. Gapless, ordered delivery makes this
 * 0, 1, 2, … for every user, however many duplicates the topic holds.
 */
export function firstDeliveriesPerUser(messages: ReadMessage[]): Map<string, number[]> {
  const seen = new Set<string>();
  const perUser = new Map<string, number[]>();
  for (const message of messages) {
    if (seen.has(message.headers.ce_id)) continue;
    seen.add(message.headers.ce_id);
    if (!perUser.has(message.key)) perUser.set(message.key, []);
    perUser.get(message.key)!.push((JSON.parse(message.value) as { streamRevision: number }).streamRevision);
  }
  return perUser;
}

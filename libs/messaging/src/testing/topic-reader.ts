import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  /** The value as text ("null" for a tombstone, whose value is null: see `tombstone`). */
  value: string;
  /** True for a record without value: a deletion of its key on a compacted topic. */
  tombstone: boolean;
  headers: Record<string, string>;
}

/**
 * Reads topics back from the beginning with a consumer group of its own, for integration tests.
 * `messages` grows in arrival order, which per partition is offset order.
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];
  private readonly consumer: Consumer;

  private constructor(kafka: Kafka) {
    this.consumer = kafka.consumer({ groupId: `roster-test-${randomUUID()}` });
  }

  static async start(brokers: string[], topics: string[]): Promise<TopicReader> {
    const reader = new TopicReader(new Kafka({ clientId: 'roster-test-reader', brokers, logLevel: logLevel.NOTHING }));
    await reader.consumer.connect();
    await reader.consumer.subscribe({ topics, fromBeginning: true });
    await reader.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, header]) => [name, String(header)]),
        );
        reader.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: String(message.key),
          value: String(message.value),
          tombstone: message.value === null,
          headers,
        });
      },
    });
    return reader;
  }

  of(topic: string): ReadMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  /** Resolves once `done` holds for what was read; rejects after `timeoutMs`, saying how much was read. */
  async until(done: (reader: TopicReader) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline)
        throw new Error(`topics not as expected after ${timeoutMs} ms (${this.messages.length} messages read)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

import type { TopicMessages } from 'kafkajs';

/**
 * Port of the relay's message sink. Abstract class so it doubles as the Nest DI token.
 * Adapters: Kafka; a recording fake for tests.
 */
export abstract class MessagePublisher {
  /** Connects and creates missing topics; rejects when the broker cannot be reached. */
  abstract connect(): Promise<void>;

  /** Resolves only once the broker acknowledged every message (acks=all); rejects otherwise, possibly after writing some. */
  abstract publish(batch: TopicMessages[]): Promise<void>;

  abstract disconnect(): Promise<void>;
}

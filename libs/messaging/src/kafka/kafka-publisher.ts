import type { KafkaConfig } from '@roster/config';
import { UnreachableStoreError } from '@roster/config';
import type { Admin, ITopicConfig, Kafka, Producer, TopicMessages } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { MessagePublisher } from '../message-publisher';
import { createKafka } from './kafka-client';

/**
 * Publishes with an idempotent producer: acks from all in-sync replicas, one request in flight, so the
 * broker drops the duplicates its own retries would create and keeps each partition in send order.
 *
 * Retries inside kafkajs are bounded (its idempotent default is unbounded): when they run out, `publish`
 * rejects and the caller re-sends the same messages later, so a dead broker never leaves a send hanging
 * that shutdown would have to wait for.
 */
export class KafkaPublisher extends MessagePublisher {
  private readonly kafka: Kafka;
  private readonly producer: Producer;

  /** `topics` are created at connect when missing. */
  constructor(
    private readonly config: KafkaConfig,
    private readonly topics: ITopicConfig[],
  ) {
    super();
    this.kafka = createKafka(config);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 5 },
      // Java-compatible murmur2 partitioning: other clients put the same key on the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw new UnreachableStoreError(
        'KAFKA_BROKERS',
        this.config.brokers.join(','),
        error instanceof Error ? error.message : String(error),
      );
    }
    try {
      await this.createMissingTopics(admin);
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
  }

  async publish(batch: TopicMessages[]): Promise<void> {
    await this.producer.sendBatch({ topicMessages: batch, acks: -1 });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  // Listing first keeps topics that exist untouched and lets creation wait for the new ones' leaders.
  private async createMissingTopics(admin: Admin): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const missing = this.topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
  }
}

import type { KafkaConfig } from '@roster/config';
import { UnreachableStoreError } from '@roster/config';
import type { Admin, IResourceConfigEntry, ITopicConfig, Kafka, Producer, TopicMessages } from 'kafkajs';
import { ConfigResourceTypes, ConfigSource, Partitioners } from 'kafkajs';
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
/** Configuration entries of a topic that are set on it also when it exists already (e.g. a retention an operator chose). */
export interface MaintainedTopicConfig {
  topic: string;
  configEntries: IResourceConfigEntry[];
}

export class KafkaPublisher extends MessagePublisher {
  private readonly kafka: Kafka;
  private readonly producer: Producer;

  /** `topics` are created at connect when missing; `maintained` entries are set at connect on those that exist. */
  constructor(
    private readonly config: KafkaConfig,
    private readonly topics: ITopicConfig[],
    private readonly maintained: MaintainedTopicConfig[] = [],
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
      const created = await this.createMissingTopics(admin);
      await this.maintainTopicConfigs(admin, created);
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
  private async createMissingTopics(admin: Admin): Promise<Set<string>> {
    const existing = new Set(await admin.listTopics());
    const missing = this.topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    return new Set(missing.map(({ topic }) => topic));
  }

  /**
   * Sets the maintained entries on topics that existed before this start, when they differ. Kafka's AlterConfigs
   * (kafkajs has no incremental one) replaces all of a topic's own settings, so the ones set on the topic are read
   * first and sent along: an operator's other overrides stay. A broker that refuses (no ALTER_CONFIGS right) fails
   * the start, naming the topic: the setting was asked for explicitly.
   */
  private async maintainTopicConfigs(admin: Admin, created: ReadonlySet<string>): Promise<void> {
    for (const { topic, configEntries } of this.maintained) {
      if (created.has(topic) || configEntries.length === 0) continue;
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
      });
      const own = new Map(
        resources[0].configEntries
          .filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG && !entry.isSensitive)
          .map((entry) => [entry.configName, entry.configValue]),
      );
      if (configEntries.every(({ name, value }) => own.get(name) === value)) continue;
      for (const { name, value } of configEntries) own.set(name, value);
      try {
        await admin.alterConfigs({
          validateOnly: false,
          resources: [
            {
              type: ConfigResourceTypes.TOPIC,
              name: topic,
              configEntries: [...own].map(([name, value]) => ({ name, value })),
            },
          ],
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`cannot set ${configEntries.map(({ name }) => name).join(', ')} on topic ${topic}: ${reason}`);
      }
    }
  }
}

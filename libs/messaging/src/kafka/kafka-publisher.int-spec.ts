import { ConsoleLogger, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { KafkaConfig } from '@roster/config';
import { loadConfig, UnreachableStoreError } from '@roster/config';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { requireKafkaBrokers } from '../testing/kafka-environment';
import { TopicReader } from '../testing/topic-reader';
import { maintainedUserTopicConfigs, userTopicConfigs, userTopicNames } from '../topics/user-topics';
import { KafkaPublisher } from './kafka-publisher';

function kafkaFromEnvironment(prefix: string, environment: Record<string, string> = {}): KafkaConfig {
  const { kafka } = loadConfig({
    KAFKA_BROKERS: requireKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_TOPIC_PARTITIONS: '3',
    ...environment,
  });
  return kafka as KafkaConfig;
}

describe('KafkaPublisher against a real broker', () => {
  const config = kafkaFromEnvironment(`it-publisher-${randomUUID().slice(0, 8)}`);
  const topics = userTopicNames(config.topicPrefix);
  const admin = new Kafka({ brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topics.events, topics.state] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates missing topics (events: delete, state: compact) and leaves existing ones alone', async () => {
    for (let run = 0; run < 2; run++) {
      const publisher = new KafkaPublisher(config, userTopicConfigs(config));
      await publisher.connect();
      await publisher.disconnect();
    }

    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [topics.events, topics.state] });
    expect(metadata.map(({ name, partitions }) => [name, partitions.length]).sort()).toEqual([
      [topics.events, 3],
      [topics.state, 3],
    ]);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [topics.events, topics.state].map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['cleanup.policy'],
      })),
    });
    expect(
      resources.map(({ resourceName, configEntries }) => [resourceName, configEntries[0].configValue]).sort(),
    ).toEqual([
      [topics.events, 'delete'],
      [topics.state, 'compact'],
    ]);
  });

  it("sets the events topic's retention when configured, at creation and on the existing topic, keeping its other settings", async () => {
    const prefix = `it-retention-${randomUUID().slice(0, 8)}`;
    const names = userTopicNames(prefix);
    const topicSettings = async (topic: string) => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configNames: ['retention.ms', 'cleanup.policy', 'segment.ms'],
          },
        ],
      });
      return Object.fromEntries(resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]));
    };
    const connectWith = async (environment: Record<string, string>) => {
      const kafka = kafkaFromEnvironment(prefix, environment);
      const publisher = new KafkaPublisher(kafka, userTopicConfigs(kafka), maintainedUserTopicConfigs(kafka));
      await publisher.connect();
      await publisher.disconnect();
    };
    try {
      await connectWith({ KAFKA_EVENTS_RETENTION_MS: '86400000' });
      expect(await topicSettings(names.events)).toMatchObject({
        'retention.ms': '86400000',
        'cleanup.policy': 'delete',
      });
      // An operator's own setting on the topic survives the relay changing the retention.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: names.events,
            configEntries: [
              { name: 'cleanup.policy', value: 'delete' },
              { name: 'retention.ms', value: '86400000' },
              { name: 'segment.ms', value: '3600000' },
            ],
          },
        ],
      });

      await connectWith({ KAFKA_EVENTS_RETENTION_MS: '172800000' });
      expect(await topicSettings(names.events)).toEqual({
        'retention.ms': '172800000',
        'cleanup.policy': 'delete',
        'segment.ms': '3600000',
      });

      // Unset: the topic keeps what it has.
      await connectWith({});
      expect((await topicSettings(names.events))['retention.ms']).toBe('172800000');
    } finally {
      await admin.deleteTopics({ topics: [names.events, names.state] }).catch(() => undefined);
    }
  });

  it('resolves a publish once the broker holds every message', async () => {
    const publisher = new KafkaPublisher(config, userTopicConfigs(config));
    await publisher.connect();
    const keys = Array.from({ length: 50 }, () => randomUUID());
    await publisher.publish([
      { topic: topics.events, messages: keys.map((key) => ({ key, value: JSON.stringify({ key }) })) },
    ]);
    await publisher.disconnect();

    const reader = await TopicReader.start(config.brokers, [topics.events]);
    try {
      await reader.until((read) => read.of(topics.events).length >= keys.length);
      expect(new Set(reader.of(topics.events).map((message) => message.key))).toEqual(new Set(keys));
    } finally {
      await reader.stop();
    }
  });

  it('fails to connect with one line naming KAFKA_BROKERS when no broker answers', async () => {
    Logger.overrideLogger(false); // kafkajs logs every refused connection attempt
    const unreachable = { ...config, brokers: ['127.0.0.1:1'] };
    const publisher = new KafkaPublisher(unreachable, userTopicConfigs(unreachable));

    const connecting = publisher.connect();

    await expect(connecting).rejects.toThrow(UnreachableStoreError);
    await expect(connecting).rejects.toThrow(/^cannot start: KAFKA_BROKERS \(127\.0\.0\.1:1\) is unreachable/);
    Logger.overrideLogger(new ConsoleLogger());
  });
});

import { ConsoleLogger, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { KafkaConfig } from '@roster/config';
import { loadConfig, UnreachableStoreError } from '@roster/config';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { requireKafkaBrokers } from '../testing/kafka-environment';
import { TopicReader } from '../testing/topic-reader';
import { userTopicConfigs, userTopicNames } from '../topics/user-topics';
import { KafkaPublisher } from './kafka-publisher';

function kafkaFromEnvironment(prefix: string): KafkaConfig {
  const { kafka } = loadConfig({
    KAFKA_BROKERS: requireKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_TOPIC_PARTITIONS: '3',
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

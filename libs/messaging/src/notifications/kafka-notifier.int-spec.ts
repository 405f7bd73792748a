import { randomUUID } from 'node:crypto';
import type { KafkaConfig } from '@roster/config';
import { loadConfig } from '@roster/config';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { KafkaPublisher } from '../kafka/kafka-publisher';
import { requireKafkaBrokers } from '../testing/kafka-environment';
import { TopicReader } from '../testing/topic-reader';
import { notificationTopicConfigs } from './digit-notification-messages';
import { KafkaNotifier } from './kafka-notifier';

function kafkaFromEnvironment(): KafkaConfig {
  const { kafka } = loadConfig({ KAFKA_BROKERS: requireKafkaBrokers(), KAFKA_TOPIC_PARTITIONS: '2' });
  return kafka as KafkaConfig;
}

describe('KafkaNotifier against a real broker', () => {
  const config = kafkaFromEnvironment();
  const run = randomUUID().slice(0, 8);
  const topics = {
    otpSms: `it-${run}.notification.sms.otp`,
    sms: `it-${run}.notification.sms`,
    email: `it-${run}.notification.email`,
  };
  const names = Object.values(topics);
  const admin = new Kafka({ brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: names }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the notification topics and delivers DIGIT-shaped messages keyed by recipient', async () => {
    const notifier = new KafkaNotifier(
      new KafkaPublisher(config, notificationTopicConfigs(config, topics, 900)),
      topics,
    );
    await notifier.onModuleInit();
    const expiresAt = new Date(Date.now() + 900_000);
    try {
      await notifier.send({
        kind: 'otp',
        tenantId: 'pb',
        mobileNumber: '9876543210',
        purpose: 'login',
        message: 'Your OTP is 123456.',
        code: '123456',
        expiresAt,
      });
      await notifier.send({ kind: 'sms', tenantId: 'pb', mobileNumber: '9876543210', message: 'Hello' });
      await notifier.send({
        kind: 'email',
        tenantId: 'pb',
        to: ['asha@example.org'],
        subject: 'Hi',
        body: 'Hello',
        isHtml: false,
      });
    } finally {
      await notifier.beforeApplicationShutdown();
    }

    const reader = await TopicReader.start(config.brokers, names);
    try {
      await reader.until((read) => names.every((topic) => read.of(topic).length === 1));
      const [otp, sms, email] = names.map((topic) => reader.of(topic)[0]);
      expect([otp.key, JSON.parse(otp.value)]).toEqual([
        '9876543210',
        {
          mobileNumber: '9876543210',
          message: 'Your OTP is 123456.',
          category: 'OTP',
          expiryTime: expiresAt.getTime(),
          tenantId: 'pb',
        },
      ]);
      expect([sms.key, JSON.parse(sms.value)]).toEqual([
        '9876543210',
        { mobileNumber: '9876543210', message: 'Hello', category: 'NOTIFICATION', tenantId: 'pb' },
      ]);
      expect([email.key, JSON.parse(email.value)]).toEqual([
        'asha@example.org',
        { email: { emailTo: ['asha@example.org'], subject: 'Hi', body: 'Hello', isHTML: false }, tenantId: 'pb' },
      ]);
    } finally {
      await reader.stop();
    }

    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: names });
    expect(metadata.map(({ partitions }) => partitions.length)).toEqual([2, 2, 2]);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topics.otpSms, configNames: ['retention.ms'] }],
    });
    expect(resources[0].configEntries[0].configValue).toBe('900000');
  });
});

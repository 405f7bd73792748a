import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { userEventsTopic } from '@roster/messaging';
import { requireKafkaBrokers } from '@roster/messaging/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { ConsumerConfig } from '../../apps/user-events-consumer/src/consumer-config';
import { loadConsumerConfig } from '../../apps/user-events-consumer/src/consumer-config';
import { kafkaOf, UserEventsKafkaServer } from '../../apps/user-events-consumer/src/kafka-transport';
import { UserChangeLog } from '../../apps/user-events-consumer/src/user-change-log';
import { UserEventsConsumerModule } from '../../apps/user-events-consumer/src/user-events-consumer.module';

const USER_ID = '0b6f7a52-5b0e-4d3b-9d4e-1f2a3b4c5d6e';

/** A user event as the relay publishes it, reduced to what the consumer reads. */
function userEventMessage(revision: number) {
  const id = `event-${revision}`;
  const value = {
    id,
    type: 'ProfileUpdated',
    tenantId: 'acme',
    userId: USER_ID,
    streamRevision: revision,
    position: String(revision + 1),
    recordedAt: new Date().toISOString(),
  };
  return { key: USER_ID, value: JSON.stringify(value), headers: { ce_id: id } };
}

/** The consumer app inside the test process, on the real Kafka transport, so its offsets can be watched. */
describe('the example consumer and its offsets', () => {
  const brokers = requireKafkaBrokers();
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let config: ConsumerConfig;
  let app: INestMicroservice | null = null;
  let gaveUp: Error | null = null;

  beforeEach(async () => {
    gaveUp = null;
    const prefix = `it-offsets-${Math.random().toString(36).slice(2, 10)}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'consumer-offsets-'));
    config = loadConsumerConfig({
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      CONSUMER_GROUP_ID: `${prefix}-group`,
      CONSUMER_DATA_DIR: dataDir,
      CONSUMER_PORT: '0',
    });
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: userEventsTopic(prefix), numPartitions: 1 }], waitForLeaders: true });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await app?.close();
    app = null;
    await admin.deleteTopics({ topics: [userEventsTopic(kafkaOf(config).topicPrefix)] });
    await admin.deleteGroups([config.groupId]).catch(() => undefined);
    await admin.disconnect();
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  async function startConsumer(): Promise<UserChangeLog> {
    app = await NestFactory.createMicroservice(UserEventsConsumerModule.forRoot(config), {
      strategy: new UserEventsKafkaServer(config, (error) => (gaveUp = error)),
      logger: false,
    });
    await app.listen();
    return app.get(UserChangeLog);
  }

  async function committedOffset(): Promise<string> {
    const [{ partitions }] = await admin.fetchOffsets({
      groupId: config.groupId,
      topics: [userEventsTopic(kafkaOf(config).topicPrefix)],
    });
    return partitions[0].offset;
  }

  async function until(done: () => Promise<boolean> | boolean, what: string): Promise<void> {
    for (const deadline = Date.now() + 30_000; !(await done()); await sleep(100)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  }

  it('does not move past an event whose state could not be stored: it is delivered again, in order, then committed', async () => {
    const store = UserChangeLog.prototype.record;
    let failures = 2;
    const record = jest.spyOn(UserChangeLog.prototype, 'record').mockImplementation(function (
      this: UserChangeLog,
      event,
    ) {
      if (event.eventId === 'event-1' && failures-- > 0) throw new Error('SQLITE_IOERR: disk I/O error');
      return store.call(this, event);
    });
    const changeLog = await startConsumer();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: userEventsTopic(kafkaOf(config).topicPrefix),
      messages: [0, 1, 2].map(userEventMessage),
    });
    await producer.disconnect();

    await until(() => (changeLog.changesOf(USER_ID)?.changes.length ?? 0) === 3, 'three recorded events');
    await until(async () => (await committedOffset()) === '3', 'offset 3 committed');

    expect(changeLog.changesOf(USER_ID)!.changes.map((change) => change.eventId)).toEqual([
      'event-0',
      'event-1',
      'event-2',
    ]);
    expect(record.mock.calls.filter(([event]) => event.eventId === 'event-1')).toHaveLength(3);
    expect(gaveUp).toBeNull();
  });
});

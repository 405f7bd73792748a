import type { KafkaOptions } from '@nestjs/microservices';
import { ServerKafka } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import type { KafkaConfig } from '@roster/config';
import type { ConsumerConfig } from './consumer-config';

/**
 * Nest's Kafka transport (kafkajs underneath), set up for at-least-once processing:
 *
 * - `autoCommit: true` (kafkajs' default, stated here on purpose). kafkajs marks a message's offset as
 *   consumed only after `eachMessage` resolved, and Nest's `eachMessage` awaits the `@EventPattern` handler,
 *   error included; committed are only marked offsets (at the end of each fetched batch, and before a
 *   failed message is retried). So the offset follows the stored state, never precedes it. A crash between
 *   the SQLite commit and the offset commit redelivers the tail of a batch, which the change log recognises
 *   by `ce_id`. Manual commits (`autoCommit: false` + `commitOffsets` per message) would add a broker round
 *   trip per event and guarantee nothing more.
 * - Per-user order: one user's events share a key, hence a partition, and kafkajs hands a partition's
 *   messages to `eachMessage` one at a time, in offset order. `partitionsConsumedConcurrently: 1` because
 *   the SQLite writes are synchronous: handling partitions concurrently would gain nothing.
 * - `postfixId: ''`: Nest otherwise appends `-server` to the group and client id; the group id is the name
 *   of the committed offsets and must be exactly the configured one.
 * - `fromBeginning: true`: a new group reads the topic's whole retention, not only what arrives after its
 *   first start. A group with committed offsets resumes from them either way.
 * - `allowAutoTopicCreation: false`: a consumer must never create Roster's topic (with the broker's default
 *   partitions and cleanup policy); the relay creates it.
 */
export function kafkaOptions(config: ConsumerConfig): Required<KafkaOptions>['options'] {
  const kafka = kafkaOf(config);
  return {
    postfixId: '',
    client: { clientId: kafka.clientId, brokers: kafka.brokers },
    consumer: { groupId: config.groupId, allowAutoTopicCreation: false },
    subscribe: { fromBeginning: true },
    run: { autoCommit: true, partitionsConsumedConcurrently: 1 },
    // Nest always starts a producer (for request-response patterns, unused here); the explicit partitioner
    // only silences kafkajs' warning about its changed default.
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
  };
}

/**
 * Nest's Kafka server plus one thing. kafkajs restarts its consumer after most failures (a broker outage
 * included) but not after those it deems fatal — e.g. no group coordinator while joining as the broker shuts
 * down — and the process would then stay up consuming nothing. `onGiveUp` hears of that. The listener is
 * registered here because such a crash can happen during `listen()`, before the app could add one.
 */
export class UserEventsKafkaServer extends ServerKafka {
  constructor(
    config: ConsumerConfig,
    private readonly onGiveUp: (error: Error) => void,
  ) {
    super(kafkaOptions(config));
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    const consumer = this.consumer!;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.onGiveUp(payload.error);
    });
  }
}

/** The brokers of a consumer on Kafka (CONSUMER_SOURCE=kafka, the default; the config loader checked them). */
export function kafkaOf(config: ConsumerConfig): KafkaConfig {
  if (!config.kafka) throw new Error('the consumer follows the change feed, not Kafka');
  return config.kafka;
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { userEventsTopic } from '@roster/messaging';
import { createJsonLogger, observeProcess } from '@roster/observability';
import type { ConsumerConfig } from './consumer-config';
import { loadConsumerConfig } from './consumer-config';
import { kafkaOf, UserEventsKafkaServer } from './kafka-transport';
import { UserEventsConsumerModule } from './user-events-consumer.module';
import { waitForTopic } from './wait-for-topic';

const logger = new Logger('UserEventsConsumer');

/** An example consumer of Roster's user events: a Nest microservice on the Kafka transport, or a follower of the change feed. */
async function main(): Promise<void> {
  // A bad setting ends the start with one line naming the variable (see the catch below).
  const config = loadConsumerConfig();
  observeProcess('user-events-consumer', config.tracing);
  if (config.changes) return followChangeFeed(config);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(UserEventsConsumerModule.forRoot(config), {
    strategy: new UserEventsKafkaServer(config, exitForRestart),
    logger: createJsonLogger(config.logLevel),
    abortOnError: false,
  });
  // On SIGTERM Nest disconnects the Kafka consumer (it finishes the message in hand and commits) before the
  // change log closes.
  app.enableShutdownHooks();
  const kafka = kafkaOf(config);
  const topic = userEventsTopic(kafka.topicPrefix);
  await waitForTopic(kafka, topic);
  await app.listen();
  logger.log(`consuming ${topic} as group ${config.groupId}`);
}

/** The no-Kafka option: the same consumer fed by Roster's change feed over HTTP (ChangeFeedFollower). */
async function followChangeFeed(config: ConsumerConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(UserEventsConsumerModule.forRoot(config), {
    logger: createJsonLogger(config.logLevel),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
}

/**
 * The supervisor (Kubernetes, systemd…) starts a fresh process, which resumes from the committed offsets.
 * No graceful close: the consumer is already stopped, every SQLite commit is complete or absent, and a
 * close could wait on a broker that is gone.
 */
function exitForRestart(error: Error): void {
  logger.error(`the Kafka consumer stopped for good (${error.message}); exiting so that it is restarted`);
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `user-events-consumer failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});

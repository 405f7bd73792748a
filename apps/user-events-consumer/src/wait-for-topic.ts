import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaConfig } from '@roster/config';
import { createKafka } from '@roster/messaging';

const logger = new Logger('UserEventsConsumer');

/**
 * Resolves once `topic` exists. Roster's relay creates its topics at its first start, and a consumer may be
 * deployed before that; subscribing to a missing topic would end the start with an obscure broker error.
 */
export async function waitForTopic(kafka: KafkaConfig, topic: string, pollMs = 1000): Promise<void> {
  const admin = createKafka(kafka).admin();
  await admin.connect();
  try {
    for (let attempt = 0; !(await admin.listTopics()).includes(topic); attempt++) {
      if (attempt === 0) logger.warn(`waiting for topic ${topic}: Roster's relay creates it at its first start`);
      await sleep(pollMs);
    }
  } finally {
    await admin.disconnect();
  }
}

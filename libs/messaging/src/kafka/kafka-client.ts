import { Logger } from '@nestjs/common';
import type { KafkaConfig } from '@roster/config';
import type { LogEntry } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';

const logger = new Logger('Kafka');

/**
 * The relay bounds the producer's retries on purpose (see KafkaPublisher); kafkajs warns about that on every
 * start, which would only alarm operators.
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

export function createKafka({ brokers, clientId }: KafkaConfig): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, logCreator: () => logToNest });
}

// kafkajs logs through the application's logger, so its lines look like every other line of the process.
function logToNest({ namespace, level, log }: LogEntry): void {
  if (EXPECTED_WARNINGS.includes(log.message)) return;
  const line = `${namespace}: ${log.message}${log.error ? ` (${String(log.error)})` : ''}`;
  if (level === logLevel.ERROR) logger.error(line);
  else if (level === logLevel.WARN) logger.warn(line);
  else if (level === logLevel.INFO) logger.log(line);
  else logger.debug(line);
}

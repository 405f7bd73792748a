import type { RosterConfig } from '@roster/config';
import type { Notifier } from '@roster/messaging';
import {
  FileNotifier,
  KafkaNotifier,
  KafkaPublisher,
  LoggingNotifier,
  notificationTopicConfigs,
} from '@roster/messaging';

/** ROSTER_NOTIFIER: `log` (embedded default), `kafka` (DIGIT's topics; default when KAFKA_BROKERS is set), `file` (development and tests). */
export function createNotifier(config: RosterConfig): Notifier {
  const { notifier, notifierFile, notificationTopics, otp } = config.egov;
  switch (notifier) {
    case 'log':
      return new LoggingNotifier();
    case 'file':
      if (!notifierFile) throw new Error('ROSTER_NOTIFIER is file but ROSTER_NOTIFIER_FILE is not set');
      return new FileNotifier(notifierFile);
    case 'kafka':
      if (!config.kafka) throw new Error('ROSTER_NOTIFIER is kafka but KAFKA_BROKERS is not set');
      return new KafkaNotifier(
        new KafkaPublisher(config.kafka, notificationTopicConfigs(config.kafka, notificationTopics, otp.ttlSeconds)),
        notificationTopics,
      );
  }
}

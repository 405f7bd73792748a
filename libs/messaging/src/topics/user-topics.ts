import type { KafkaConfig } from '@roster/config';
import type { IResourceConfigEntry, ITopicConfig } from 'kafkajs';
import type { MaintainedTopicConfig } from '../kafka/kafka-publisher';
import { USER_EVENTS_TOPIC_CONFIG, userEventsTopic } from './user-events.v1';
import { USER_STATE_TOPIC_CONFIG, userStateTopic } from './user-state.v1';

export interface UserTopicNames {
  events: string;
  state: string;
}

export function userTopicNames(prefix: string): UserTopicNames {
  return { events: userEventsTopic(prefix), state: userStateTopic(prefix) };
}

/** The topics the relay creates when they are missing. Both need the same partitioning: key = user id. */
export function userTopicConfigs(kafka: KafkaConfig): ITopicConfig[] {
  const { topicPrefix, topicPartitions, replicationFactor } = kafka;
  const names = userTopicNames(topicPrefix);
  return [
    {
      topic: names.events,
      numPartitions: topicPartitions,
      replicationFactor,
      configEntries: [...USER_EVENTS_TOPIC_CONFIG, ...eventsRetention(kafka)],
    },
    { topic: names.state, numPartitions: topicPartitions, replicationFactor, configEntries: USER_STATE_TOPIC_CONFIG },
  ];
}

/**
 * What the relay sets on the topics also when they exist: the events topic's retention, when configured
 * (KAFKA_EVENTS_RETENTION_MS) — it bounds how long an erased user's earlier events stay on the broker.
 */
export function maintainedUserTopicConfigs(kafka: KafkaConfig): MaintainedTopicConfig[] {
  const retention = eventsRetention(kafka);
  return retention.length === 0 ? [] : [{ topic: userEventsTopic(kafka.topicPrefix), configEntries: retention }];
}

function eventsRetention({ eventsRetentionMs }: KafkaConfig): IResourceConfigEntry[] {
  return eventsRetentionMs === null ? [] : [{ name: 'retention.ms', value: String(eventsRetentionMs) }];
}

import type { KafkaConfig } from '@roster/config';
import type { ITopicConfig } from 'kafkajs';
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
export function userTopicConfigs({ topicPrefix, topicPartitions, replicationFactor }: KafkaConfig): ITopicConfig[] {
  const names = userTopicNames(topicPrefix);
  return [
    { topic: names.events, numPartitions: topicPartitions, replicationFactor, configEntries: USER_EVENTS_TOPIC_CONFIG },
    { topic: names.state, numPartitions: topicPartitions, replicationFactor, configEntries: USER_STATE_TOPIC_CONFIG },
  ];
}

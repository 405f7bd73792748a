import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { RosterConfig } from '@roster/config';
import { KafkaPublisher, maintainedUserTopicConfigs, MessagePublisher, userTopicConfigs } from '@roster/messaging';
import { FileRelayCheckpointStore } from './checkpoint/file-relay-checkpoint-store';
import { InMemoryRelayCheckpointStore } from './checkpoint/in-memory-relay-checkpoint-store';
import { RelayCheckpointStore } from './checkpoint/relay-checkpoint-store';
import { RelayService } from './relay.service';

export function createMessagePublisher(config: RosterConfig): MessagePublisher {
  if (!config.kafka) throw new Error('the relay needs KAFKA_BROKERS');
  return new KafkaPublisher(config.kafka, userTopicConfigs(config.kafka), maintainedUserTopicConfigs(config.kafka));
}

// The checkpoint must live exactly as long as the log it points into.
export function createRelayCheckpointStore(config: RosterConfig): RelayCheckpointStore {
  return config.eventStore === 'memory'
    ? new InMemoryRelayCheckpointStore()
    : new FileRelayCheckpointStore(join(config.dataDir, 'relay-checkpoint.json'));
}

/**
 * The relay role. Needs RosterConfig (with `kafka` set) and an EventStore from the importing process.
 * Run one relay per log: a second would publish everything twice.
 */
@Module({
  providers: [
    { provide: MessagePublisher, inject: [RosterConfig], useFactory: createMessagePublisher },
    { provide: RelayCheckpointStore, inject: [RosterConfig], useFactory: createRelayCheckpointStore },
    RelayService,
  ],
})
export class RelayModule {}

export * from './relay.module';
export * from './relay.service';
export * from './relay-batch';
export * from './checkpoint/relay-checkpoint-store';
export * from './checkpoint/file-relay-checkpoint-store';
export * from './checkpoint/in-memory-relay-checkpoint-store';

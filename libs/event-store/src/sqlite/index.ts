export { SqliteEventStore } from './sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite-event-store';
export { WalCheckpointer } from './wal-checkpointer';
export type { WalCheckpointerOptions } from './wal-checkpointer';

export * from './event-store';
export { InMemoryEventStore } from './memory/in-memory-event-store';
export type { InMemoryEventStoreOptions } from './memory/in-memory-event-store';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { WalCheckpointer } from './sqlite/wal-checkpointer';
export type { WalCheckpointerOptions } from './sqlite/wal-checkpointer';
export type { SubscriptionOptions } from './subscription/polling-subscription';
export * from './kurrentdb/kurrentdb-event-store';

export { KurrentDbEventStore } from './kurrentdb-event-store';
export type { KurrentDbConnection, KurrentDbEventStoreOptions } from './kurrentdb-event-store';
export type { KurrentDbClient } from './kurrentdb-client';
export type { PerStreamAppendOptions } from './per-stream-append';

export {
  isLockedByAnotherConnection,
  openDurableSqlite,
  SqliteEventStore,
  withoutBusyWait,
} from './sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite-event-store';
export { WalCheckpointer } from './wal-checkpointer';
export type { WalCheckpointerOptions } from './wal-checkpointer';
// Also batches the key store's writes (@roster/personal-data's SqliteKeyStore): one transaction and fsync per turn.
export { GroupCommit } from './group-commit';
export type { GroupCommitOptions, Outcome } from './group-commit';

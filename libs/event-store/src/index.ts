// The port, its errors and the pure helpers a handler needs: loading this entry loads no database driver.
// Adapters have entries of their own (@roster/event-store/sqlite, /memory, /kurrentdb) so that only the
// process that opens a store loads its driver.
export * from './event-store';
export * from './command-handling';
// The compensation protocol is the KurrentDB fallback's, but every reader of a reservation stream follows it.
export { APPEND_COMPENSATED, withoutVoided } from './kurrentdb/compensation';
export type { AppendCompensated, AppendCompensatedData } from './kurrentdb/compensation';
export type { SubscriptionOptions } from './subscription/polling-subscription';

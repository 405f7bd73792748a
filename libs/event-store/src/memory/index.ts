export { InMemoryEventStore } from './in-memory-event-store';
export type { InMemoryEventStoreOptions } from './in-memory-event-store';

export * from './event-store.contract';
export { FakeKurrentDbClient } from '../kurrentdb/testing/fake-kurrentdb-client';

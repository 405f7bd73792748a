export { InMemoryKeyStore } from './in-memory-key-store';

export { DEFAULT_KEY_DATABASE, KEYS_COLLECTION, MongoKeyStore } from './mongo-key-store';
export type { MongoKeyStoreOptions } from './mongo-key-store';

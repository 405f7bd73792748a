export { SqliteKeyStore } from './sqlite-key-store';
export type { SqliteKeyStoreOptions } from './sqlite-key-store';

import { describeKeyStoreContract } from '../testing/key-store.contract';
import { InMemoryKeyStore } from './in-memory-key-store';

describeKeyStoreContract('InMemoryKeyStore', async () => {
  const store = new InMemoryKeyStore();
  return { store, cleanup: () => store.close() };
});

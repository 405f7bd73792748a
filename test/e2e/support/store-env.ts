import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

/**
 * The e2e suites run on the embedded stores by default; with READ_MODEL=mongodb (and MONGO_URL) they run
 * against that server instead, each app on a database of its own that is dropped afterwards.
 */
export interface StoreEnv {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export function storeEnvFromProcess(): StoreEnv {
  if (process.env.READ_MODEL !== 'mongodb') return { env: { READ_MODEL: 'sqlite' }, drop: async () => undefined };
  const base = process.env.MONGO_URL;
  if (!base) throw new Error('READ_MODEL=mongodb needs MONGO_URL');
  return mongoStoreEnv(base);
}

/** A MongoDB read model on a fresh database of the server at `base`, dropped by `drop()`. */
export function mongoStoreEnv(base: string): StoreEnv {
  const url = new URL(base);
  url.pathname = `/roster_e2e_${randomBytes(6).toString('hex')}`;
  const mongoUrl = url.toString();
  return {
    env: { READ_MODEL: 'mongodb', MONGO_URL: mongoUrl },
    async drop() {
      const client = new MongoClient(mongoUrl);
      try {
        await client.db().dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { EventStoreUnavailableError } from '@roster/event-store';
import { describeKeyStoreContract, newKey } from '../testing/key-store.contract';
import { DEFAULT_KEY_DATABASE, KEYS_COLLECTION, MongoKeyStore } from './mongo-key-store';

const MONGO_URL = process.env.MONGO_URL;
if (!MONGO_URL) {
  // Never skipped: a green integration run must have talked to a server.
  throw new Error(
    'MONGO_URL is not set: the MongoDB key store integration tests need a MongoDB (or FerretDB) server. ' +
      'Start one with `bash scripts/infra/up.sh ferretdb`, then `set -a; . .infra/env; set +a` and run the tests again.',
  );
}
const url = MONGO_URL;

const client = new MongoClient(url);

/** A database of its own per test, dropped afterwards; tests may share a server with other runs. */
function freshDatabaseName(): string {
  return `roster_keys_test_${randomUUID().slice(0, 8)}`;
}

afterAll(async () => {
  await client.close();
});

describeKeyStoreContract('MongoKeyStore', async () => {
  const database = freshDatabaseName();
  const store = new MongoKeyStore({ url, database });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await client.db(database).dropDatabase();
    },
  };
});

describe('MongoKeyStore', () => {
  const opened: MongoKeyStore[] = [];

  function open(database?: string): MongoKeyStore {
    const store = new MongoKeyStore({ url, database });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it(`keeps the keys in ${DEFAULT_KEY_DATABASE}.${KEYS_COLLECTION}, not in the read model's database`, async () => {
    const key = newKey(`key-store-test-${randomUUID()}`);
    const urlNamingTheReadModel = `${url.replace(/\/?$/, '/')}roster`;
    const store = new MongoKeyStore({ url: urlNamingTheReadModel });
    opened.push(store);
    const keys = client.db(DEFAULT_KEY_DATABASE).collection<{ _id: string }>(KEYS_COLLECTION);
    try {
      await store.create([key]);

      expect(await keys.findOne({ _id: key.subject })).toMatchObject({ kekId: key.kekId });
      expect(await client.db('roster').collection(KEYS_COLLECTION).countDocuments()).toBe(0);
    } finally {
      // The default database may be shared with other runs: only this test's document goes.
      await keys.deleteOne({ _id: key.subject });
    }
  });

  it('leaves only the time of erasure in the document of an erased subject', async () => {
    const database = freshDatabaseName();
    const store = open(database);
    try {
      await store.create([newKey('user-1')]);
      const at = new Date('2026-03-04T05:06:07.089Z');

      await store.destroy('user-1', at);

      const documents = await client.db(database).collection(KEYS_COLLECTION).find().toArray();
      expect(documents).toEqual([{ _id: 'user-1', erasedAt: at }]);
    } finally {
      await client.db(database).dropDatabase();
    }
  });

  it('reports an unreachable server as EventStoreUnavailableError', async () => {
    // Pointed at a port nothing listens on, giving up quickly.
    const unreachable = new MongoKeyStore({
      url: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200',
      database: freshDatabaseName(),
    });
    opened.push(unreachable);

    await expect(unreachable.find(['user-1'])).rejects.toThrow(EventStoreUnavailableError);
    await expect(unreachable.create([newKey('user-1')])).rejects.toThrow(EventStoreUnavailableError);
  });
});

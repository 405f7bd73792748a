import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import { TENANT, UserEventLog, userId } from '../testing/fixtures';
import { describeUserReadModelContract } from '../testing/user-read-model.contract';
import { MongoUserReadModel } from './mongo-user-read-model';
import type { UserViewDocument } from './user-view-document';
import {
  CHECKPOINTS,
  encodePosition,
  USER_VIEW_INDEXES,
  USER_VIEWS,
  USER_VIEWS_SCHEMA_ID,
  USER_VIEWS_SCHEMA_VERSION,
  USERS_CHECKPOINT_ID,
} from './user-view-document';

const MONGO_URL = process.env.MONGO_URL;
if (!MONGO_URL) {
  // Never skipped: a green integration run must have talked to a server.
  throw new Error(
    'MONGO_URL is not set: the MongoDB read-model integration tests need a MongoDB (or FerretDB) server. ' +
      'Start one with `bash scripts/infra/up.sh ferretdb`, then `set -a; . .infra/env; set +a` and run the tests again.',
  );
}

const client = new MongoClient(MONGO_URL);

/** A database of its own per test, dropped afterwards; tests may share a server with other runs. */
function freshDatabase(): Db {
  return client.db(`roster_test_${randomUUID().slice(0, 8)}`);
}

afterAll(async () => {
  await client.close();
});

describeUserReadModelContract('MongoDB', async () => {
  const db = freshDatabase();
  const readModel = new MongoUserReadModel({ db });
  return {
    readModel,
    cleanup: async () => {
      await readModel.close();
      await db.dropDatabase();
    },
  };
});

describe('MongoUserReadModel', () => {
  let db: Db;

  beforeEach(() => {
    db = freshDatabase();
  });

  afterEach(async () => {
    await db.dropDatabase();
  });

  const views = () => db.collection<UserViewDocument>(USER_VIEWS);

  /** Everything stored, raw: what a replay must reproduce exactly. */
  async function storedState() {
    return {
      views: await views().find().sort({ _id: 1 }).toArray(),
      checkpoint: await db.collection(CHECKPOINTS).findOne({ _id: USERS_CHECKPOINT_ID } as object),
    };
  }

  it('owns a client made from a connection string, and keeps views and checkpoint across a reopen', async () => {
    const log = new UserEventLog();
    log.create({ userId: userId(1), firstName: 'Ada' });
    log.create({ userId: userId(2), firstName: 'Bea', parentId: userId(1) });

    const first = new MongoUserReadModel({ url: MONGO_URL, databaseName: db.databaseName });
    await first.apply(log.events);
    const before = await first.getUser(TENANT, userId(2));
    await first.close();

    const reopened = new MongoUserReadModel({ url: MONGO_URL, databaseName: db.databaseName });
    expect(await reopened.getUser(TENANT, userId(2))).toEqual(before);
    expect(await reopened.checkpoint()).toBe(3n);
    await reopened.close();
  });

  it('creates its indexes at start, again without harm, and again after a reset', async () => {
    const indexNames = async () => (await views().listIndexes().toArray()).map((index) => index.name as string).sort();
    const expected = ['_id_', ...USER_VIEW_INDEXES.map((index) => index.name)].sort();

    const readModel = new MongoUserReadModel({ client, databaseName: db.databaseName });
    await readModel.checkpoint();
    expect(await indexNames()).toEqual(expected);

    const second = new MongoUserReadModel({ db });
    await second.checkpoint();
    await second.reset();
    expect(await indexNames()).toEqual(expected);
    await Promise.all([readModel.close(), second.close()]);
    // Injected clients stay open.
    expect(await db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('drops views stored before the current schema, with their checkpoint, so the projector rebuilds them', async () => {
    const checkpoints = db.collection(CHECKPOINTS);
    await db.collection(USER_VIEWS).insertOne({ _id: userId(1), tenantId: TENANT, firstName: 'Old' } as object);
    await checkpoints.insertOne({ _id: USERS_CHECKPOINT_ID, position: encodePosition(5n) } as object);

    const readModel = new MongoUserReadModel({ db });
    expect(await readModel.checkpoint()).toBeNull();
    expect(await views().countDocuments()).toBe(0);
    expect(await checkpoints.findOne({ _id: USER_VIEWS_SCHEMA_ID } as object)).toMatchObject({
      version: USER_VIEWS_SCHEMA_VERSION,
    });

    const log = new UserEventLog();
    log.create({ userId: userId(1), firstName: 'New' });
    await readModel.apply(log.events);
    const reopened = new MongoUserReadModel({ db });
    expect(await reopened.getUser(TENANT, userId(1))).toMatchObject({ firstName: 'New' });
    expect(await reopened.checkpoint()).toBe(1n);
  });

  it('stores the checkpoint as a zero-padded decimal that string order keeps in number order', async () => {
    const readModel = new MongoUserReadModel({ db });
    const log = new UserEventLog();
    log.create({ userId: userId(1) });
    await readModel.apply(log.events);

    expect((await storedState()).checkpoint).toEqual({ _id: USERS_CHECKPOINT_ID, position: '00000000000000000001' });
  });

  describe('a crash between the writes of a batch', () => {
    // A ← B ← C ← D;  X ← Y; then B moves under Y.
    const [A, B, C, D, X, Y] = [1, 2, 3, 4, 10, 11].map(userId);
    let log: UserEventLog;
    let readModel: MongoUserReadModel;

    beforeEach(async () => {
      log = new UserEventLog();
      log.create({ userId: A });
      log.create({ userId: B, parentId: A });
      log.create({ userId: C, parentId: B });
      log.create({ userId: D, parentId: C });
      log.create({ userId: X });
      log.create({ userId: Y, parentId: X });
      readModel = new MongoUserReadModel({ db });
      await readModel.apply(log.events);
    });

    /** Applies the move batch and returns the state it leaves, plus the checkpoint doc from before it. */
    async function applyMove() {
      const checkpointBefore = await db.collection(CHECKPOINTS).findOne({ _id: USERS_CHECKPOINT_ID } as object);
      const movedBefore = await views().findOne({ _id: B });
      const mark = log.events.length;
      log.update(D, { firstName: 'Dee' });
      log.link(B, Y);
      const batch = log.since(mark);
      await readModel.apply(batch);
      return { batch, checkpointBefore, movedBefore, after: await storedState() };
    }

    const restoreCheckpoint = async (checkpoint: object | null) =>
      db.collection(CHECKPOINTS).replaceOne({ _id: USERS_CHECKPOINT_ID } as object, checkpoint as object);

    it('is repaired by a replay when the views were written but not the checkpoint', async () => {
      const { batch, checkpointBefore, after } = await applyMove();
      await restoreCheckpoint(checkpointBefore);

      await readModel.apply(batch);

      expect(await storedState()).toEqual(after);
    });

    it('is repaired by a replay when the subtree was moved but the moved user not yet written', async () => {
      const { batch, checkpointBefore, movedBefore, after } = await applyMove();
      await views().replaceOne({ _id: B }, movedBefore as UserViewDocument);
      await restoreCheckpoint(checkpointBefore);
      expect(await readModel.getUser(TENANT, C)).toMatchObject({ ancestors: [X, Y, B] });

      await readModel.apply(batch);

      expect(await storedState()).toEqual(after);
      expect(await readModel.getUser(TENANT, D)).toMatchObject({ firstName: 'Dee', ancestors: [X, Y, B, C], depth: 4 });
    });

    it('never moves the checkpoint back when an old batch is replayed', async () => {
      const { batch, after } = await applyMove();
      await readModel.apply(log.events.slice(0, 2));
      await readModel.apply(batch.slice(0, 1));

      expect(await storedState()).toEqual(after);
      expect(after.checkpoint).toMatchObject({ position: encodePosition(BigInt(log.events.length)) });
    });
  });
});

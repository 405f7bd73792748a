import type { Binary, Collection, Filter } from 'mongodb';
import { MongoBulkWriteError, MongoClient, MongoError, MongoServerError } from 'mongodb';
import { EventStoreUnavailableError } from '@roster/event-store';
import type { NewKey, StoredKey } from '../key-store';
import { KeyStore, SubjectErasedError } from '../key-store';

export interface MongoKeyStoreOptions {
  /** Connection string of the MongoDB (or FerretDB) server; the store owns its client and closes it. */
  url: string;
  /**
   * Database of the keys (default `roster_keys`). Never the read model's: that one is derived and may be dropped
   * and rebuilt from the log, the keys cannot be. So the connection string's path (the read model's) is not used.
   */
  database?: string;
}

export const DEFAULT_KEY_DATABASE = 'roster_keys';
export const KEYS_COLLECTION = 'personal_data_keys';

/** One subject's document: its wrapped key while live; only `erasedAt` once erased. */
interface KeyDocument {
  _id: string;
  wrapped?: Binary | Buffer;
  kekId?: string;
  erasedAt?: Date;
}

const DUPLICATE_KEY = 11000;
const LIVE: Filter<KeyDocument> = { erasedAt: { $exists: false } };

/**
 * The key store in MongoDB, for deployments whose read model is there too. Like the read model it runs on FerretDB
 * v1, so it uses no transaction: each step is a single-document write that is safe to race with any other.
 *
 * - create: a subject already erased is refused before anything is written; the new keys are inserted unordered, a
 *   duplicate-key error meaning another writer's key was first (it wins), and the stored keys are read back. An
 *   erasure racing with a create may leave the create's other new keys written; they belong to subjects without data,
 *   and the caller's retry uses them.
 * - destroy: the subject's document is replaced by one holding only `erasedAt` (written with journal and majority
 *   acknowledgement), so the key is gone from the collection, and from the data files as the server reclaims them.
 * Any failure of the server or the driver is EventStoreUnavailableError: none of these requests can be wrong.
 */
export class MongoKeyStore extends KeyStore {
  private readonly client: MongoClient;
  private readonly keys: Collection<KeyDocument>;
  private closed = false;

  constructor(options: MongoKeyStoreOptions) {
    super();
    this.client = new MongoClient(options.url);
    this.keys = this.client
      .db(options.database ?? DEFAULT_KEY_DATABASE)
      // A created key must outlive a failover before data is encrypted with it, and an erasure before it is reported.
      .collection<KeyDocument>(KEYS_COLLECTION, { writeConcern: { w: 'majority', journal: true } });
  }

  override find(subjects: readonly string[]): Promise<Map<string, StoredKey>> {
    return this.run(() => this.storedFor(subjects));
  }

  override create(keys: readonly NewKey[]): Promise<Map<string, StoredKey>> {
    return this.run(async () => {
      const subjects = [...new Set(keys.map(({ subject }) => subject))];
      const before = await this.storedFor(subjects);
      refuseErased(before);
      const firstOfEach = new Map<string, NewKey>();
      for (const key of keys) {
        if (!before.has(key.subject) && !firstOfEach.has(key.subject)) firstOfEach.set(key.subject, key);
      }
      if (firstOfEach.size > 0) await this.insertUnlessPresent([...firstOfEach.values()]);
      const after = await this.storedFor(subjects);
      // Erased between the check and the insert: refused as if it had been erased before.
      refuseErased(after);
      return after;
    });
  }

  override destroy(subject: string, at: Date): Promise<void> {
    return this.run(async () => {
      try {
        // Matches only while the subject is not erased yet, so a repeated erasure keeps the first one's time. An upsert
        // takes its _id from the filter: an unknown subject is recorded as erased, and can never get a key later.
        await this.keys.replaceOne({ _id: subject, ...LIVE }, { erasedAt: at }, { upsert: true });
      } catch (error) {
        // Already erased: the upsert found no live document and could not insert a second one with that _id.
        if (!isOnlyDuplicateKeys(error)) throw error;
      }
    });
  }

  override live(after: string | null, limit: number): Promise<NewKey[]> {
    return this.run(async () => {
      // A limit of 0 means no limit to MongoDB.
      if (limit <= 0) return [];
      const filter: Filter<KeyDocument> = after === null ? LIVE : { ...LIVE, _id: { $gt: after } };
      const documents = await this.keys.find(filter).sort({ _id: 1 }).limit(limit).toArray();
      return documents.map((document) => {
        const stored = storedKeyOf(document);
        if (stored.status !== 'live') throw new Error(`key store: ${document._id} is not live`);
        return { subject: document._id, wrapped: stored.wrapped, kekId: stored.kekId };
      });
    });
  }

  override rewrap({ subject, wrapped, kekId }: NewKey): Promise<void> {
    return this.run(async () => {
      await this.keys.updateOne({ _id: subject, ...LIVE }, { $set: { wrapped, kekId } });
    });
  }

  override async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  private async storedFor(subjects: readonly string[]): Promise<Map<string, StoredKey>> {
    if (subjects.length === 0) return new Map();
    const documents = await this.keys.find({ _id: { $in: [...new Set(subjects)] } }).toArray();
    const byId = new Map(documents.map((document) => [document._id, storedKeyOf(document)]));
    // In the order asked, as the other adapters answer.
    const found = new Map<string, StoredKey>();
    for (const subject of subjects) {
      const stored = byId.get(subject);
      if (stored !== undefined) found.set(subject, stored);
    }
    return found;
  }

  private async insertUnlessPresent(keys: NewKey[]): Promise<void> {
    try {
      // Unordered: a duplicate (another writer's key, which wins) does not stop the other inserts.
      await this.keys.insertMany(
        keys.map(({ subject, wrapped, kekId }) => ({ _id: subject, wrapped, kekId })),
        { ordered: false },
      );
    } catch (error) {
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
  }

  /** Runs a request, reporting a failure of the server or the driver as EventStoreUnavailableError. */
  private async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closed) throw new EventStoreUnavailableError('MongoDB key store is closed');
    try {
      return await operation();
    } catch (error) {
      if (error instanceof MongoError) {
        throw new EventStoreUnavailableError(`MongoDB key store unavailable: ${error.message}`, error);
      }
      throw error;
    }
  }
}

function refuseErased(stored: Map<string, StoredKey>): void {
  const erased = [...stored].filter(([, key]) => key.status === 'erased').map(([subject]) => subject);
  if (erased.length > 0) throw new SubjectErasedError(erased);
}

/** Duplicate-key rejections only: any other write error, or a write concern that was not met, is a failure. */
function isOnlyDuplicateKeys(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = [error.writeErrors].flat();
    return (
      writeErrors.length > 0 &&
      writeErrors.every(({ code }) => code === DUPLICATE_KEY) &&
      error.result.getWriteConcernError() === undefined
    );
  }
  // A write concern that was not met is a MongoWriteConcernError, with a code of its own.
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

function storedKeyOf({ wrapped, kekId, erasedAt }: KeyDocument): StoredKey {
  if (erasedAt !== undefined) return { status: 'erased', erasedAt };
  if (wrapped === undefined || kekId === undefined)
    throw new Error('key store: a document holds neither key nor erasure');
  // A copy, so the caller may wipe it; the driver answers BSON Binary (a Buffer only if one was read back unchanged).
  return { status: 'live', wrapped: Buffer.from(Buffer.isBuffer(wrapped) ? wrapped : wrapped.value()), kekId };
}

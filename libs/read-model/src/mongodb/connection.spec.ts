import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { ReadModelUnavailableError } from '../user-read-model';
import { databaseNameOf, isStoreUnavailable, readModelError } from './connection';
import { MongoUserReadModel } from './mongo-user-read-model';

describe('databaseNameOf', () => {
  it.each([
    ['mongodb://127.0.0.1:27117/', null],
    ['mongodb://127.0.0.1:27117', null],
    ['mongodb://host/?replicaSet=rs0', null],
    ['mongodb://host/roster', 'roster'],
    ['mongodb://user:p%2Fw@h1:1,h2:2/my%20db?authSource=admin', 'my db'],
    ['mongodb+srv://cluster.example.net/users?retryWrites=true', 'users'],
  ])('%s → %s', (url, name) => {
    expect(databaseNameOf(url)).toBe(name);
  });
});

describe('connection errors', () => {
  it('are read-model unavailability; server answers are not', () => {
    const network = new MongoNetworkError('connection reset');
    expect(isStoreUnavailable(network)).toBe(true);
    expect(isStoreUnavailable(new MongoServerSelectionError('no server', { type: 'Unknown' } as never))).toBe(true);
    expect(isStoreUnavailable(new MongoServerError({ message: 'bad', code: 2 }))).toBe(false);
    expect(isStoreUnavailable(new RangeError('limit'))).toBe(false);

    const mapped = readModelError(network);
    expect(mapped).toBeInstanceOf(ReadModelUnavailableError);
    expect((mapped as ReadModelUnavailableError).cause).toBe(network);
    const other = new Error('other');
    expect(readModelError(other)).toBe(other);
  });

  it('surface from the adapter when no server answers', async () => {
    // Port 1 on loopback refuses connections: no server is needed to see it fail.
    const readModel = new MongoUserReadModel({ url: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200' });
    try {
      await expect(readModel.checkpoint()).rejects.toThrow(ReadModelUnavailableError);
      await expect(readModel.getUser('t', 'u')).rejects.toThrow(/MongoDB read model unavailable/);
    } finally {
      await readModel.close();
    }
  });
});

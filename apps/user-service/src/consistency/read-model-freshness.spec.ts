import { loadConfig } from '@roster/config';
import { RequestRejectedError } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { ConsistencyTimeoutError } from '@roster/user-service-contract';
import { ReadModelFreshness } from './read-model-freshness';

describe('ReadModelFreshness', () => {
  const config = loadConfig({ EVENT_STORE: 'memory', ROSTER_CONSISTENCY_WAIT_MS: '50' });
  let store: InMemoryEventStore;
  let readModel: SqliteUserReadModel;
  let freshness: ReadModelFreshness;

  beforeEach(() => {
    store = new InMemoryEventStore();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
    freshness = new ReadModelFreshness(readModel, store, config);
  });
  afterEach(() => readModel.close());

  it('refuses at once a token beyond the log’s head, naming the header (no write answered it)', async () => {
    const started = Date.now();
    const refused = freshness.waitFor(7n);
    await expect(refused).rejects.toBeInstanceOf(RequestRejectedError);
    await expect(refused).rejects.toMatchObject({
      kind: 'invalid',
      code: 'consistency_token_ahead',
      field: 'X-Consistency-Token',
    });
    expect(Date.now() - started).toBeLessThan(40);
  });

  it('waits for a written position the read model has not reached, then times out', async () => {
    const { position } = await store.append('user-1', [{ type: 'Noted', data: {} }], 'no_stream');
    await expect(freshness.waitFor(position)).rejects.toBeInstanceOf(ConsistencyTimeoutError);
  });

  it('answers at once without a token', async () => {
    await expect(freshness.waitFor(undefined)).resolves.toBeUndefined();
  });
});

import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { ReadModelCatchUp } from './read-model-catch-up';

function created(userId: string, firstName: string) {
  return {
    type: 'UserCreated',
    data: {
      userId,
      tenantId: 't',
      userType: 'CITIZEN',
      userName: null,
      profile: { firstName, lastName: 'L' },
      at: '2026-01-01T00:00:00.000Z',
    },
  };
}

describe('ReadModelCatchUp', () => {
  let store: InMemoryEventStore;
  let readModel: SqliteUserReadModel;
  beforeEach(() => {
    store = new InMemoryEventStore();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
  });
  afterEach(() => Promise.all([store.close(), readModel.close()]));

  it('applies the log from the read model’s checkpoint up to the position, with no projector running', async () => {
    const { position: first } = await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    await store.append('user-b', [created('b', 'Bob')], 'no_stream');
    await new ReadModelCatchUp(store, readModel).waitFor(first as bigint);
    expect(await readModel.checkpoint()).toBeGreaterThanOrEqual(first as bigint);

    await new ReadModelCatchUp(store, readModel).toHead();
    expect(await readModel.checkpoint()).toBe(await store.headPosition());
    const users = await readModel.listUsers('t', { limit: 10 });
    expect(users.items.map((user) => user.firstName).sort()).toEqual(['Ann', 'Bob']);
  });

  it('leaves alone a read model already at the position, and returns at once for no position or an empty log', async () => {
    const catchUp = new ReadModelCatchUp(store, readModel);
    await catchUp.toHead();
    await catchUp.waitFor(undefined);
    expect(await readModel.checkpoint()).toBeNull();

    const { position } = await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    await catchUp.waitFor(position as bigint);
    const apply = jest.spyOn(readModel, 'apply');
    await catchUp.waitFor(position as bigint);
    expect(apply).not.toHaveBeenCalled();
  });
});

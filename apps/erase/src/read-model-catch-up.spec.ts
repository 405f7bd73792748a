import { InMemoryEventStore } from '@roster/event-store/memory';
import { PersonalData } from '@roster/personal-data';
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

function erased(userId: string, at: string) {
  return { type: 'UserErased', data: { userId, tenantId: 't', userType: 'CITIZEN', numericId: null, at } };
}

/** Records the erasures it is asked for, and whether the read model's checkpoint had passed them by then. */
class RecordingPersonalData extends PersonalData {
  readonly erased: { subject: string; at: string; checkpointThen: bigint | null }[] = [];
  constructor(private readonly readModel: SqliteUserReadModel) {
    super();
  }
  async erase(subject: string, at: Date): Promise<void> {
    this.erased.push({ subject, at: at.toISOString(), checkpointThen: await this.readModel.checkpoint() });
  }

  override forget(): void {
    // Nothing cached.
  }
}

describe('ReadModelCatchUp', () => {
  let store: InMemoryEventStore;
  let readModel: SqliteUserReadModel;
  let personalData: RecordingPersonalData;
  beforeEach(() => {
    store = new InMemoryEventStore();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
    personalData = new RecordingPersonalData(readModel);
  });
  afterEach(() => Promise.all([store.close(), readModel.close()]));

  it('applies the log from the read model’s checkpoint up to the position, with no projector running', async () => {
    const { position: first } = await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    await store.append('user-b', [created('b', 'Bob')], 'no_stream');
    await new ReadModelCatchUp(store, readModel, personalData).waitFor(first as bigint);
    expect(await readModel.checkpoint()).toBeGreaterThanOrEqual(first as bigint);

    await new ReadModelCatchUp(store, readModel, personalData).toHead();
    expect(await readModel.checkpoint()).toBe(await store.headPosition());
    const users = await readModel.listUsers('t', { limit: 10 });
    expect(users.items.map((user) => user.firstName).sort()).toEqual(['Ann', 'Bob']);
    expect(personalData.erased).toEqual([]);
  });

  it('leaves alone a read model already at the position, and returns at once for no position or an empty log', async () => {
    const catchUp = new ReadModelCatchUp(store, readModel, personalData);
    await catchUp.toHead();
    await catchUp.waitFor(undefined);
    expect(await readModel.checkpoint()).toBeNull();

    const { position } = await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    await catchUp.waitFor(position as bigint);
    const apply = jest.spyOn(readModel, 'apply');
    await catchUp.waitFor(position as bigint);
    expect(apply).not.toHaveBeenCalled();
  });

  it('finishes every erasure it applies — the key destroyed before the checkpoint passes the UserErased', async () => {
    await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    const { position: before } = await store.append('user-b', [created('b', 'Bob')], 'no_stream');
    await readModel.apply(await store.readAll(null, 10)); // a projector that stopped here
    // Another process appended this UserErased and died before destroying the key.
    await store.append('user-a', [erased('a', '2026-02-01T00:00:00.000Z')], 0);

    await new ReadModelCatchUp(store, readModel, personalData).toHead();
    expect(personalData.erased).toEqual([{ subject: 'a', at: '2026-02-01T00:00:00.000Z', checkpointThen: before }]);
    expect(await readModel.getUser('t', 'a')).toBeNull();
    expect((await readModel.getUser('t', 'b'))?.firstName).toBe('Bob');
  });

  it('moves the checkpoint past no UserErased whose key could not be destroyed', async () => {
    const { position: before } = await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    await readModel.apply(await store.readAll(null, 10));
    await store.append('user-a', [erased('a', '2026-02-01T00:00:00.000Z')], 0);
    jest.spyOn(personalData, 'erase').mockRejectedValue(new Error('database is locked'));

    await expect(new ReadModelCatchUp(store, readModel, personalData).toHead()).rejects.toThrow('database is locked');
    expect(await readModel.checkpoint()).toBe(before);
  });
});

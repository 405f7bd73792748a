import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { rebuildReadModel } from './rebuild';

describe('rebuildReadModel', () => {
  it('replaces whatever the read model held with a replay of the whole log', async () => {
    const store = new InMemoryEventStore();
    const readModel = new SqliteUserReadModel({ file: ':memory:' });
    const created = (userId: string, firstName: string) => ({
      type: 'UserCreated',
      data: {
        userId,
        tenantId: 't',
        userType: 'CITIZEN',
        userName: null,
        profile: { firstName, lastName: 'L' },
        at: '2026-01-01T00:00:00.000Z',
      },
    });
    await store.append('user-a', [created('a', 'Ann')], 'no_stream');
    await store.append('username-t-CITIZEN-x', [{ type: 'UserNameReserved', data: { userId: 'a' } }], 'no_stream');
    await store.append('user-b', [created('b', 'Bob')], 'no_stream');
    // A view the log does not justify must be gone after the rebuild.
    await readModel.apply([
      { ...(await store.readStream('user-a'))[0], stream: 'user-z', data: created('z', 'Zed').data },
    ]);

    const progress: number[] = [];
    const result = await rebuildReadModel(store, readModel, ({ events }) => progress.push(events));

    expect(result).toMatchObject({ events: 3, position: await store.headPosition() });
    expect(progress).toEqual([3]);
    expect(await readModel.checkpoint()).toBe(await store.headPosition());
    const users = await readModel.listUsers('t', { limit: 10 });
    expect(users.items.map((user) => user.firstName).sort()).toEqual(['Ann', 'Bob']);
    await Promise.all([store.close(), readModel.close()]);
  });
});

import { userStream } from '@roster/domain';
import type { Position } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { PersonalData } from '@roster/personal-data';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { ProjectorService } from './projector.service';

const TENANT = 't';
const ERASED_AT = '2026-02-01T00:00:00.000Z';

/** Records each erasure with the read model's checkpoint at that moment; fails while `failing` is set. */
class FakePersonalData extends PersonalData {
  readonly erased: { subject: string; at: Date; checkpoint: Position | null }[] = [];
  failing = false;

  constructor(private readonly readModel: SqliteUserReadModel) {
    super();
  }

  override async erase(subject: string, at: Date): Promise<void> {
    if (this.failing) throw new Error('key store unreachable');
    this.erased.push({ subject, at, checkpoint: await this.readModel.checkpoint() });
  }

  override forget(): void {
    // Nothing cached.
  }
}

const created = (userId: string) => ({
  type: 'UserCreated',
  data: {
    userId,
    tenantId: TENANT,
    userType: 'CITIZEN',
    userName: null,
    profile: { firstName: 'Ann', lastName: 'L' },
    at: '2026-01-01T00:00:00.000Z',
  },
});
const erased = (userId: string) => ({
  type: 'UserErased',
  data: { userId, tenantId: TENANT, userType: 'CITIZEN', numericId: null, at: ERASED_AT },
});

describe('ProjectorService', () => {
  let store: InMemoryEventStore;
  let readModel: SqliteUserReadModel;
  let personalData: FakePersonalData;
  let projector: ProjectorService;

  beforeEach(() => {
    store = new InMemoryEventStore();
    readModel = new SqliteUserReadModel({ file: ':memory:' });
    personalData = new FakePersonalData(readModel);
    projector = new ProjectorService(store, readModel, personalData);
  });
  afterEach(async () => {
    await projector.beforeApplicationShutdown();
    await Promise.all([store.close(), readModel.close()]);
  });

  const caughtUp = async () => {
    const head = await store.headPosition();
    for (let tries = 0; tries < 200 && (await readModel.checkpoint()) !== head; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await readModel.checkpoint()).toBe(head);
  };

  it("finishes an erasure: destroys the user's key before the batch with its UserErased is applied, and deletes the view", async () => {
    await store.append(userStream('a'), [created('a')], 'no_stream');
    await store.append(userStream('b'), [created('b')], 'no_stream');
    await projector.onApplicationBootstrap();
    await caughtUp();
    const beforeErasure = await readModel.checkpoint();

    await store.append(userStream('a'), [erased('a')], 0);
    await caughtUp();

    expect(personalData.erased).toEqual([{ subject: 'a', at: new Date(ERASED_AT), checkpoint: beforeErasure }]);
    expect(await readModel.getUser(TENANT, 'a')).toBeNull();
    expect(await readModel.getUser(TENANT, 'b')).not.toBeNull();
  });

  it('does not pass an erasure whose key could not be destroyed: the batch is retried until it is', async () => {
    await store.append(userStream('a'), [created('a')], 'no_stream');
    await projector.onApplicationBootstrap();
    await caughtUp();
    const beforeErasure = await readModel.checkpoint();
    personalData.failing = true;
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);

    try {
      await store.append(userStream('a'), [erased('a')], 0);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await readModel.checkpoint()).toBe(beforeErasure);
      expect(await readModel.getUser(TENANT, 'a')).not.toBeNull();

      personalData.failing = false;
      await caughtUp();
    } finally {
      errors.mockRestore();
    }
    expect(personalData.erased.map(({ subject }) => subject)).toEqual(['a']);
    expect(await readModel.getUser(TENANT, 'a')).toBeNull();
  });
});

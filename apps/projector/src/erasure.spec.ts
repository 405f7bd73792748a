import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userStream } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { EncryptingEventStore, KeyRing, PersonalDataVault, rosterPersonalData } from '@roster/personal-data';
import { InMemoryKeyStore } from '@roster/personal-data/memory';
import { SqliteUserReadModel } from '@roster/read-model/sqlite';
import { ProjectorService } from './projector.service';
import { rebuildReadModel } from './rebuild';

const TENANT = 't';

/**
 * The projector and a rebuild over the real encryption of personal data (the event store as every process opens
 * it): an erased user's earlier events come back emptied once its key is gone, and neither path may bring it back.
 */
describe('erasure through the encrypted log', () => {
  let folder: string;
  let raw: InMemoryEventStore;
  let vault: PersonalDataVault;
  let store: EncryptingEventStore;
  let readModel: SqliteUserReadModel;
  let projector: ProjectorService | null;
  const marker = `zq${randomUUID().slice(0, 8)}`;
  const [erased, kept] = [randomUUID(), randomUUID()];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'roster-projector-erasure-'));
    raw = new InMemoryEventStore();
    vault = new PersonalDataVault(new InMemoryKeyStore(), new KeyRing(randomBytes(32)));
    store = new EncryptingEventStore(raw, vault, rosterPersonalData);
    readModel = new SqliteUserReadModel({ file: join(folder, 'read-model.sqlite') });
    projector = null;
    for (const [userId, firstName] of [
      [erased, marker],
      [kept, 'Kept'],
    ]) {
      await store.append(
        userStream(userId),
        [
          {
            type: 'UserCreated',
            data: {
              userId,
              tenantId: TENANT,
              userType: 'CITIZEN',
              userName: `${firstName}-login`,
              profile: { firstName, lastName: 'L', email: `${firstName}@mail.test` },
              at: '2026-01-01T00:00:00.000Z',
            },
            metadata: { tenantId: TENANT },
          },
          {
            type: 'ProfileUpdated',
            data: { userId, changes: { mobile: '9800012345' }, at: '2026-01-02T00:00:00.000Z' },
            metadata: { tenantId: TENANT },
          },
        ],
        'no_stream',
      );
    }
  });
  afterEach(async () => {
    await projector?.beforeApplicationShutdown();
    await Promise.all([store.close(), readModel.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  const appendErasure = () =>
    store.append(
      userStream(erased),
      [
        {
          type: 'UserErased',
          data: {
            userId: erased,
            tenantId: TENANT,
            userType: 'CITIZEN',
            numericId: null,
            at: '2026-02-01T00:00:00.000Z',
          },
          metadata: { tenantId: TENANT },
        },
      ],
      1,
    );
  const readModelFilesHolding = (needle: string) =>
    ['', '-wal', '-shm']
      .map((suffix) => join(folder, `read-model.sqlite${suffix}`))
      .filter((file) => existsSync(file) && readFileSync(file).includes(Buffer.from(needle)));
  /** Empty once the read model's files settled after an erasure (their clean-up may end after the batch was applied). */
  const settledHolding = async (needle: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    let found = readModelFilesHolding(needle);
    while (found.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = readModelFilesHolding(needle);
    }
    return found;
  };
  const caughtUp = async () => {
    const head = await store.headPosition();
    for (let tries = 0; tries < 300 && (await readModel.checkpoint()) !== head; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await readModel.checkpoint()).toBe(head);
  };

  it('finishes an erasure the user service left half done (UserErased appended, key not destroyed yet)', async () => {
    projector = new ProjectorService(store, readModel, vault);
    await projector.onApplicationBootstrap();
    await caughtUp();
    expect(readModelFilesHolding(marker)).not.toEqual([]);

    await appendErasure(); // …and the user service stops here
    await caughtUp();

    expect(await readModel.getUser(TENANT, erased)).toBeNull();
    expect(await settledHolding(marker)).toEqual([]);
    // The key is gone: the user's events read emptied and flagged from now on.
    const [created] = await store.readStream(userStream(erased));
    expect(created).toMatchObject({ data: { userName: null, profile: {} }, metadata: { personalDataErased: true } });
    expect(await readModel.getUser(TENANT, kept)).toMatchObject({ firstName: 'Kept', mobile: '9800012345' });
  });

  it('finishes, in a rebuild given the key store, an erasure the user service left half done', async () => {
    await appendErasure(); // …and the user service stops here: the key is still there

    await rebuildReadModel(store, readModel, undefined, vault);

    expect(await readModel.getUser(TENANT, erased)).toBeNull();
    const [created] = await store.readStream(userStream(erased));
    expect(created).toMatchObject({ data: { userName: null, profile: {} }, metadata: { personalDataErased: true } });
    expect(await settledHolding(marker)).toEqual([]);
  });

  it('leaves the erased user out of a rebuild from the log, and no byte of it in the read model files', async () => {
    await appendErasure();
    await vault.erase(erased, new Date('2026-02-01T00:00:00.000Z'));

    const result = await rebuildReadModel(store, readModel);

    expect(result.position).toBe(await store.headPosition());
    expect(await readModel.getUser(TENANT, erased)).toBeNull();
    expect((await readModel.listUsers(TENANT, { limit: 10 })).items.map((user) => user.id)).toEqual([kept]);
    expect((await readModel.search(TENANT, { name: marker }, { limit: 10 })).items).toEqual([]);
    expect(await settledHolding(marker)).toEqual([]);
    expect(readModelFilesHolding('Kept')).not.toEqual([]);
  });
});

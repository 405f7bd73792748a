import { IdempotentRequests } from '../../idempotency/idempotent-requests';
import { userStream } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { InvalidCursorError } from '@roster/read-model';
import type { UserHistoryEntry } from '@roster/user-service-contract';
import { FixedClock } from '../../testing/fixed-clock';
import { CreateUserCommand } from '../create-user/create-user.command';
import { CreateUserHandler } from '../create-user/create-user.handler';
import { GetUserAsOfHandler } from '../get-user-as-of/get-user-as-of.handler';
import { GetUserAsOfQuery } from '../get-user-as-of/get-user-as-of.query';
import { NumericIds } from '../numeric-ids';
import { PageCursors } from '../page-cursors';
import { Reservations } from '../reservations';
import { UpdateUserCommand } from '../update-user/update-user.command';
import { UpdateUserHandler } from '../update-user/update-user.handler';
import { UserStreams } from '../user-streams';
import { GetUserHistoryHandler } from './get-user-history.handler';
import { GetUserHistoryQuery } from './get-user-history.query';

const KEY_ID = 'aabbccddeeff0011';

/** Through the nCore write handlers to the history and time-travel queries, on one store. */
describe('user history and time travel (user-service)', () => {
  let store: InMemoryEventStore;
  let create: CreateUserHandler;
  let update: UpdateUserHandler;
  let history: GetUserHistoryHandler;
  let asOf: GetUserAsOfHandler;
  const cursors = new PageCursors(Buffer.alloc(32, 7));

  beforeEach(() => {
    store = new InMemoryEventStore();
    const streams = new UserStreams(store);
    const reservations = new Reservations(store, streams);
    create = new CreateUserHandler(
      streams,
      new FixedClock(),
      reservations,
      new NumericIds(store),
      new IdempotentRequests(store, new FixedClock()),
    );
    update = new UpdateUserHandler(
      streams,
      new FixedClock(),
      reservations,
      new IdempotentRequests(store, new FixedClock()),
    );
    history = new GetUserHistoryHandler(store, cursors);
    asOf = new GetUserAsOfHandler(store);
  });
  afterEach(() => store.close());

  const newUser = async (firstName: string, parentId: string | null = null, tenantId = 'default') =>
    (
      await create.execute(
        new CreateUserCommand(tenantId, {
          userType: 'CITIZEN',
          userName: null,
          profile: { firstName, lastName: 'Doe' },
          parentId,
          apiKeyId: KEY_ID,
        }),
      )
    ).value.id;

  async function changedUser(): Promise<{ userId: string; parentId: string }> {
    const parentId = await newUser('Pat');
    const userId = await newUser('Jane', parentId);
    await update.execute(new UpdateUserCommand('default', userId, { middleName: 'Q' }, undefined, undefined, KEY_ID));
    await update.execute(new UpdateUserCommand('default', userId, { email: 'jane@example.com' }, null));
    return { userId, parentId };
  }

  const historyPage = (userId: string, limit: number, after: string | null = null, tenantId = 'default') =>
    history.execute(new GetUserHistoryQuery(tenantId, userId, { page: { limit, after }, includeSecurity: false }));

  it('records the acting API key of nCore writes and answers it as the actor', async () => {
    const { userId, parentId } = await changedUser();
    const whole = await historyPage(userId, 100);
    expect(whole?.after).toBeNull();
    expect(whole?.items).toEqual([
      expect.objectContaining({ revision: 0, type: 'UserCreated', actor: { type: 'api_key', id: KEY_ID } }),
      expect.objectContaining({
        revision: 1,
        type: 'ParentLinked',
        actor: { type: 'api_key', id: KEY_ID },
        changes: { parentId: { from: null, to: parentId } },
      }),
      expect.objectContaining({ revision: 2, changes: { middleName: { from: null, to: 'Q' } } }),
      // Written without a key (as other callers of the port do): no actor known.
      expect.objectContaining({ revision: 3, type: 'ProfileUpdated', actor: null }),
      expect.objectContaining({ revision: 4, type: 'ParentUnlinked', actor: null }),
    ]);
  });

  it('pages with signed cursors: pages of two read to the end are the whole', async () => {
    const { userId } = await changedUser();
    const whole = (await historyPage(userId, 100))?.items;
    const pages: UserHistoryEntry[][] = [];
    let after: string | null = null;
    do {
      const page = await historyPage(userId, 2, after);
      pages.push(page?.items ?? []);
      after = page?.after ?? null;
    } while (after);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(whole);
  });

  it("refuses a forged cursor and another user's cursor", async () => {
    const { userId, parentId } = await changedUser();
    const first = await historyPage(userId, 1);
    await expect(historyPage(userId, 1, `${first?.after}x`)).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(historyPage(parentId, 1, first?.after)).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('answers null for an unknown user and for a user of another tenant', async () => {
    const { userId } = await changedUser();
    expect(await historyPage('00000000-0000-4000-8000-000000000000', 10)).toBeNull();
    expect(await historyPage(userId, 10, null, 'other')).toBeNull();
    expect(await asOf.execute(new GetUserAsOfQuery('other', userId, { revision: 0 }))).toBeNull();
  });

  it('answers the user at a revision with that revision, and null beyond its last', async () => {
    const { userId, parentId } = await changedUser();
    const atRevision = (revision: number) => asOf.execute(new GetUserAsOfQuery('default', userId, { revision }));
    expect(await atRevision(0)).toMatchObject({ revision: 0, user: { firstName: 'Jane', parentId: null } });
    expect(await atRevision(1)).toMatchObject({ revision: 1, user: { parentId, middleName: null } });
    expect(await atRevision(2)).toMatchObject({ revision: 2, user: { middleName: 'Q', email: null } });
    expect(await atRevision(4)).toMatchObject({ revision: 4, user: { email: 'jane@example.com', parentId: null } });
    expect(await atRevision(5)).toBeNull();
  });

  it("answers the user at an entry's instant with the state that entry left, and null before the first", async () => {
    const { userId } = await changedUser();
    const entries = (await historyPage(userId, 100))?.items ?? [];
    const last = entries.at(-1) as UserHistoryEntry;
    const then = await asOf.execute(new GetUserAsOfQuery('default', userId, { instant: last.at }));
    expect(then?.revision).toBe(last.revision);
    const before = new Date(Date.parse(entries[0].at) - 1).toISOString();
    expect(await asOf.execute(new GetUserAsOfQuery('default', userId, { instant: before }))).toBeNull();
  });

  it("answers an erased user's history and past as gone, at every point in time; another tenant's as unknown", async () => {
    const userId = await newUser('Gone');
    await update.execute(new UpdateUserCommand('default', userId, { middleName: 'Q' }, undefined));
    const { numericId } = (await asOf.execute(new GetUserAsOfQuery('default', userId, { revision: 0 })))!.user;
    await store.append(
      userStream(userId),
      [
        {
          type: 'UserErased',
          data: { userId, tenantId: 'default', userType: 'CITIZEN', numericId, by: null, at: '2026-01-02T00:00:00Z' },
        },
      ],
      1,
    );
    const gone = { code: 'user_erased', kind: 'gone', field: 'id' };

    await expect(historyPage(userId, 100)).rejects.toMatchObject(gone);
    await expect(asOf.execute(new GetUserAsOfQuery('default', userId, { revision: 0 }))).rejects.toMatchObject(gone);
    const instant = new Date().toISOString();
    await expect(asOf.execute(new GetUserAsOfQuery('default', userId, { instant }))).rejects.toMatchObject(gone);
    expect(await historyPage(userId, 100, null, 'other')).toBeNull();
    expect(await asOf.execute(new GetUserAsOfQuery('other', userId, { revision: 0 }))).toBeNull();
  });
});

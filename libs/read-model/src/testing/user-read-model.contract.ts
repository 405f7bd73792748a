import { NUMERIC_USER_ID_SEQUENCE_STREAM, userStream } from '@roster/domain';
import { encodeCursor } from '../cursor';
import type { UserReadModel } from '../user-read-model';
import { InvalidCursorError } from '../user-read-model';
import type { Page, PageRequest, UserSearchCriteria, UserView } from '../user-view';
import { describeEgovContract } from './egov-read-model.contract';
import {
  instant,
  OTHER_TENANT,
  profileUpdated,
  recorded,
  TENANT,
  UNSET_EGOV_FIELDS,
  UserEventLog,
  userId,
} from './fixtures';

export interface UserReadModelUnderTest {
  readModel: UserReadModel;
  cleanup(): Promise<void>;
}

type PageQuery = (page: PageRequest) => Promise<Page<UserView>>;

/** Every page of a query, checking that each page holds `limit` items except the last, which has no cursor. */
async function allPages(limit: number, query: PageQuery): Promise<UserView[]> {
  const items: UserView[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await query({ limit, after });
    items.push(...page.items);
    if (page.after === null) {
      expect(page.items.length).toBeLessThanOrEqual(limit);
      return items;
    }
    expect(page.items).toHaveLength(limit);
    after = page.after;
  }
  throw new Error('paging never ended');
}

const idsOf = (views: readonly UserView[]) => views.map((view) => view.id);
const sortedIdsOf = (views: readonly UserView[]) => idsOf(views).sort();

/** Everything the model holds, read through the port: every view of both tenants and the checkpoint. */
async function dump(readModel: UserReadModel) {
  return {
    checkpoint: await readModel.checkpoint(),
    [TENANT]: await allPages(3, (page) => readModel.listUsers(TENANT, page)),
    [OTHER_TENANT]: await allPages(3, (page) => readModel.listUsers(OTHER_TENANT, page)),
  };
}

/** A log with a bit of everything: two tenants, updates, a deep tree, subtree moves, other streams. */
function eventfulLog(): UserEventLog {
  const log = new UserEventLog();
  log.create({ userId: userId(1), firstName: 'Rosa', lastName: 'Root' });
  log.other('username-tenant-a-CITIZEN-rosa', 'UserNameReserved');
  log.create({ userId: userId(2), firstName: 'Bea', lastName: 'Branch', parentId: userId(1) });
  log.create({ userId: userId(3), firstName: 'Carl', lastName: 'Twig', parentId: userId(2) });
  log.create({ userId: userId(4), firstName: 'Dora', lastName: 'Leaf', parentId: userId(3), email: 'dora@leaf.test' });
  log.create({ userId: userId(5), firstName: 'Egon', lastName: 'Other', mobile: '5550001' });
  log.update(userId(2), { lastName: 'Bough', email: 'bea@bough.test' });
  log.link(userId(2), userId(5));
  log.create({ userId: userId(6), firstName: 'Finn', lastName: 'Leaf', parentId: userId(4) });
  log.unlink(userId(2));
  log.link(userId(3), userId(1));
  log.link(userId(5), userId(4));
  log.create({ userId: userId(20), tenantId: OTHER_TENANT, firstName: 'Olga', lastName: 'Other' });
  log.create({
    userId: userId(21),
    tenantId: OTHER_TENANT,
    firstName: 'Otto',
    lastName: 'Other',
    parentId: userId(20),
  });
  log.update(userId(21), { firstName: 'Ottokar' });
  log.update(userId(4), { mobile: '5550004' });
  log.record(userId(3), 'RolesChanged', { roles: [{ code: 'EMPLOYEE', tenantId: TENANT }] });
  log.record(userId(3), 'PasswordChanged', {
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
    reason: 'set',
  });
  log.record(userId(3), 'LoginFailed', {});
  log.record(userId(3), 'AccountLocked', { until: instant(3600) });
  log.record(userId(4), 'UserDeactivated', {});
  log.record(userId(2), 'OtpVerified', { mobileNumber: '5550002', purpose: 'login' });
  return log;
}

async function applyInBatches(readModel: UserReadModel, log: UserEventLog, batchSize: number): Promise<void> {
  for (let from = 0; from < log.events.length; from += batchSize) {
    await readModel.apply(log.events.slice(from, from + batchSize));
  }
}

/**
 * The behaviour every UserReadModel adapter must show. `factory` gives a new, empty model per test and a
 * `cleanup` that closes it and removes what it stored.
 */
export function describeUserReadModelContract(name: string, factory: () => Promise<UserReadModelUnderTest>): void {
  describe(`UserReadModel contract: ${name}`, () => {
    let readModel: UserReadModel;
    let cleanup: () => Promise<void>;
    let log: UserEventLog;

    beforeEach(async () => {
      ({ readModel, cleanup } = await factory());
      log = new UserEventLog();
    });

    afterEach(async () => {
      await cleanup();
    });

    const applyLog = () => readModel.apply(log.events);

    describeEgovContract({ readModel: () => readModel, log: () => log });

    describe('projecting', () => {
      it('projects a created user, found by id in its own tenant only', async () => {
        const id = log.create({
          userId: userId(1),
          userName: 'ada',
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'Ada@Example.com',
          mobile: '+4470000001',
        });
        await applyLog();

        expect(await readModel.getUser(TENANT, id)).toEqual({
          id,
          tenantId: TENANT,
          userType: 'CITIZEN',
          userName: 'ada',
          firstName: 'Ada',
          middleName: null,
          lastName: 'Lovelace',
          dateOfBirth: null,
          email: 'Ada@Example.com',
          mobile: '+4470000001',
          gender: null,
          nationality: null,
          address: null,
          ...UNSET_EGOV_FIELDS,
          parentId: null,
          ancestors: [],
          depth: 0,
          revision: 0,
          createdAt: instant(1),
          updatedAt: instant(1),
        });
        expect(await readModel.getUser(OTHER_TENANT, id)).toBeNull();
        expect(await readModel.getUser(TENANT, userId(99))).toBeNull();
      });

      it('applies profile updates on top of the created view', async () => {
        const id = log.create({ userId: userId(1), firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });
        log.update(id, { firstName: 'Augusta', address: { city: 'London' }, email: null, gender: 'FEMALE' });
        await applyLog();

        expect(await readModel.getUser(TENANT, id)).toMatchObject({
          firstName: 'Augusta',
          lastName: 'Lovelace',
          email: null,
          gender: 'FEMALE',
          address: { city: 'London' },
          revision: 1,
          createdAt: instant(1),
          updatedAt: instant(2),
        });
        expect((await readModel.search(TENANT, { email: 'ada@' }, { limit: 10 })).items).toEqual([]);
        expect(idsOf((await readModel.search(TENANT, { name: 'augusta l' }, { limit: 10 })).items)).toEqual([id]);
      });

      it('leaves no view for an event of a user that was never created', async () => {
        const orphanUpdate = profileUpdated(userId(7), { firstName: 'X' }, instant(1));
        await readModel.apply([recorded(userStream(userId(7)), 1, 1n, orphanUpdate)]);

        expect(await readModel.getUser(TENANT, userId(7))).toBeNull();
        expect(await readModel.checkpoint()).toBe(1n);
      });

      it('never lets an older event overwrite a newer state', async () => {
        const id = log.create({ userId: userId(1), firstName: 'A' });
        const created = log.events[0];
        const toB = log.update(id, { firstName: 'B' });
        log.update(id, { firstName: 'C' });
        await applyLog();

        await readModel.apply([toB]);
        await readModel.apply([created]);

        expect(await readModel.getUser(TENANT, id)).toMatchObject({
          firstName: 'C',
          revision: 2,
          updatedAt: instant(3),
        });
      });
    });

    describe('checkpoint', () => {
      it('is null before the first event and then the position of the last event applied', async () => {
        expect(await readModel.checkpoint()).toBeNull();
        log.create({ userId: userId(1) });
        log.create({ userId: userId(2) });
        await applyLog();

        expect(await readModel.checkpoint()).toBe(2n);
      });

      it('advances over events of other streams, which it skips', async () => {
        log.create({ userId: userId(1) });
        await applyLog();
        const mark = log.events.length;
        log.other('username-tenant-a-CITIZEN-ada', 'UserNameReserved');
        await readModel.apply(log.since(mark));

        expect(await readModel.checkpoint()).toBe(2n);
        expect(await allPages(10, (page) => readModel.listUsers(TENANT, page))).toHaveLength(1);
      });

      it("skips the numeric id sequence: its blocks are no user's events", async () => {
        log.create({ userId: userId(1), numericId: 1 });
        log.other(NUMERIC_USER_ID_SEQUENCE_STREAM, 'IdBlockReserved');
        await applyLog();

        expect(await readModel.checkpoint()).toBe(2n);
        expect(idsOf(await allPages(10, (page) => readModel.listUsers(TENANT, page)))).toEqual([userId(1)]);
      });

      it('keeps a 64-bit position exactly', async () => {
        const position = 2n ** 64n - 1n;
        await readModel.apply([recorded('username-x', 0, position, { type: 'UserNameReserved', data: {} })]);

        expect(await readModel.checkpoint()).toBe(position);
      });

      it('does not move back when an older batch is replayed', async () => {
        log.create({ userId: userId(1) });
        log.create({ userId: userId(2) });
        await applyLog();
        await readModel.apply(log.events.slice(0, 1));

        expect(await readModel.checkpoint()).toBe(2n);
      });
    });

    describe('replays', () => {
      it('gives an identical model when the whole log is applied twice', async () => {
        log = eventfulLog();
        await applyLog();
        const once = await dump(readModel);
        await applyLog();

        expect(await dump(readModel)).toEqual(once);
      });

      it('rebuilds the same model after a reset', async () => {
        log = eventfulLog();
        await applyLog();
        const built = await dump(readModel);

        await readModel.reset();
        expect(await readModel.checkpoint()).toBeNull();
        expect(await readModel.getUser(TENANT, userId(1))).toBeNull();

        await applyLog();
        expect(await dump(readModel)).toEqual(built);
      });

      it('gives the same model whatever the batch boundaries', async () => {
        log = eventfulLog();
        await applyLog();
        const inOneBatch = await dump(readModel);

        for (const batchSize of [1, 2, 5]) {
          await readModel.reset();
          await applyInBatches(readModel, log, batchSize);
          expect(await dump(readModel)).toEqual(inOneBatch);
        }
      });

      it('settles on the latest hierarchy after the moves of the eventful log', async () => {
        log = eventfulLog();
        await applyLog();

        // 1 ← 3 ← 4 ← {6, 5}; 2 is a root again; 21 under 20 in the other tenant.
        expect(await readModel.getUser(TENANT, userId(5))).toMatchObject({
          ancestors: [userId(1), userId(3), userId(4)],
          depth: 3,
        });
        expect(await readModel.getUser(TENANT, userId(2))).toMatchObject({ parentId: null, ancestors: [], depth: 0 });
        expect(sortedIdsOf(await allPages(2, (page) => readModel.descendants(TENANT, userId(1), page)))).toEqual([
          userId(3),
          userId(4),
          userId(5),
          userId(6),
        ]);
      });
    });

    describe('listUsers', () => {
      it('pages through every user of the tenant by id, without duplicates or gaps', async () => {
        for (let n = 25; n >= 1; n--) log.create({ userId: userId(n) });
        for (let n = 26; n <= 28; n++) log.create({ userId: userId(n), tenantId: OTHER_TENANT });
        await applyLog();

        const users = await allPages(10, (page) => readModel.listUsers(TENANT, page));

        expect(idsOf(users)).toEqual(Array.from({ length: 25 }, (_, i) => userId(i + 1)));
      });

      it('has no cursor on a last page that is exactly full', async () => {
        for (let n = 1; n <= 20; n++) log.create({ userId: userId(n) });
        await applyLog();

        const first = await readModel.listUsers(TENANT, { limit: 10 });
        const second = await readModel.listUsers(TENANT, { limit: 10, after: first.after });

        expect(first.after).not.toBeNull();
        expect(second.items).toHaveLength(10);
        expect(second.after).toBeNull();
      });

      it('stays stable when users are inserted during the scan', async () => {
        for (let n = 2; n <= 40; n += 2) log.create({ userId: userId(n) });
        await applyLog();
        const first = await readModel.listUsers(TENANT, { limit: 5 });

        const mark = log.events.length;
        for (let n = 1; n <= 41; n += 2) log.create({ userId: userId(n) });
        await readModel.apply(log.since(mark));
        const rest = await allPages(5, (page) =>
          readModel.listUsers(TENANT, { ...page, after: page.after ?? first.after }),
        );

        const seen = idsOf([...first.items, ...rest]);
        expect(new Set(seen).size).toBe(seen.length);
        for (let n = 2; n <= 40; n += 2) expect(seen).toContain(userId(n));
        // Users inserted behind the cursor are not served; those ahead of it are.
        expect(seen).not.toContain(userId(9));
        expect(seen).toContain(userId(11));
      });

      it('rejects a page limit outside 1..100', async () => {
        await expect(readModel.listUsers(TENANT, { limit: 0 })).rejects.toThrow(RangeError);
        await expect(readModel.listUsers(TENANT, { limit: 101 })).rejects.toThrow(RangeError);
      });
    });

    describe('hierarchy', () => {
      /** Root 1 with children 10, 20, 30; each child c has children c+1..c+3; each of those g has children 100g+1, 100g+2. */
      function threeLevelTree(): { root: string; all: string[]; underTen: string[] } {
        const root = log.create({ userId: userId(1) });
        const all: string[] = [];
        const underTen: string[] = [];
        for (const child of [10, 20, 30]) {
          all.push(log.create({ userId: userId(child), parentId: root }));
          for (let g = child + 1; g <= child + 3; g++) {
            const grandchild = log.create({ userId: userId(g), parentId: userId(child) });
            const greatGrandchildren = [1, 2].map((k) =>
              log.create({ userId: userId(100 * g + k), parentId: grandchild }),
            );
            all.push(grandchild, ...greatGrandchildren);
            if (child === 10) underTen.push(grandchild, ...greatGrandchildren);
          }
        }
        return { root, all, underTen };
      }

      it('lists the direct children only, paged by id', async () => {
        const parent = log.create({ userId: userId(1) });
        for (let n = 6; n >= 2; n--) log.create({ userId: userId(n), parentId: parent });
        log.create({ userId: userId(7), parentId: userId(2) });
        await applyLog();

        const children = await allPages(2, (page) => readModel.children(TENANT, parent, page));

        expect(idsOf(children)).toEqual([2, 3, 4, 5, 6].map(userId));
        expect((await readModel.children(OTHER_TENANT, parent, { limit: 10 })).items).toEqual([]);
      });

      it('lists every descendant across levels, paged, children first', async () => {
        const tree = threeLevelTree();
        log.create({ userId: userId(2) });
        log.create({ userId: userId(3), parentId: userId(2) });
        await applyLog();

        const descendants = await allPages(7, (page) => readModel.descendants(TENANT, tree.root, page));

        expect(sortedIdsOf(descendants)).toEqual([...tree.all].sort());
        expect(descendants).toHaveLength(30);
        expect(sortedIdsOf(descendants.slice(0, 3))).toEqual([10, 20, 30].map(userId));
        expect(sortedIdsOf(await allPages(4, (page) => readModel.descendants(TENANT, userId(10), page)))).toEqual(
          [...tree.underTen].sort(),
        );
      });

      it('finds no descendants below a leaf, an unknown user or a user of another tenant', async () => {
        const tree = threeLevelTree();
        await applyLog();

        expect((await readModel.descendants(TENANT, userId(1101), { limit: 10 })).items).toEqual([]);
        expect((await readModel.descendants(TENANT, userId(999), { limit: 10 })).items).toEqual([]);
        expect((await readModel.descendants(OTHER_TENANT, tree.root, { limit: 10 })).items).toEqual([]);
      });

      it('lists ancestors nearest first, paged', async () => {
        log.create({ userId: userId(1) });
        for (let n = 2; n <= 6; n++) log.create({ userId: userId(n), parentId: userId(n - 1) });
        await applyLog();

        const first = await readModel.ancestors(TENANT, userId(6), { limit: 2 });
        const ancestors = await allPages(2, (page) => readModel.ancestors(TENANT, userId(6), page));

        expect(idsOf(first.items)).toEqual([userId(5), userId(4)]);
        expect(idsOf(ancestors)).toEqual([5, 4, 3, 2, 1].map(userId));
        expect(ancestors.map((view) => view.depth)).toEqual([4, 3, 2, 1, 0]);
        expect(await readModel.getUser(TENANT, userId(6))).toMatchObject({
          parentId: userId(5),
          ancestors: [1, 2, 3, 4, 5].map(userId),
          depth: 5,
        });
        expect((await readModel.ancestors(TENANT, userId(1), { limit: 10 })).items).toEqual([]);
        expect((await readModel.ancestors(OTHER_TENANT, userId(6), { limit: 10 })).items).toEqual([]);
      });

      describe('moving a subtree', () => {
        // A ← B ← {C ← D, E};  X ← Y
        const [A, B, C, D, E, X, Y] = [1, 2, 3, 4, 5, 10, 11].map(userId);

        beforeEach(() => {
          log.create({ userId: A });
          log.create({ userId: B, parentId: A });
          log.create({ userId: C, parentId: B });
          log.create({ userId: D, parentId: C });
          log.create({ userId: E, parentId: B });
          log.create({ userId: X });
          log.create({ userId: Y, parentId: X });
        });

        const descendantIds = async (id: string) =>
          sortedIdsOf(await allPages(2, (page) => readModel.descendants(TENANT, id, page)));
        const ancestorIds = async (id: string) =>
          idsOf(await allPages(2, (page) => readModel.ancestors(TENANT, id, page)));

        it('rewrites the ancestors and depth of every descendant under the new parent', async () => {
          await applyLog();
          log.link(B, Y);
          await readModel.apply(log.events.slice(-1));

          expect(await readModel.getUser(TENANT, B)).toMatchObject({ parentId: Y, ancestors: [X, Y], depth: 2 });
          expect(await readModel.getUser(TENANT, C)).toMatchObject({ parentId: B, ancestors: [X, Y, B], depth: 3 });
          expect(await readModel.getUser(TENANT, D)).toMatchObject({ parentId: C, ancestors: [X, Y, B, C], depth: 4 });
          expect(await readModel.getUser(TENANT, E)).toMatchObject({ ancestors: [X, Y, B], depth: 3 });
          expect(await ancestorIds(D)).toEqual([C, B, Y, X]);
          expect(await descendantIds(A)).toEqual([]);
          expect(await descendantIds(X)).toEqual([B, C, D, E, Y].sort());
          expect(idsOf((await readModel.children(TENANT, Y, { limit: 10 })).items)).toEqual([B]);
          expect((await readModel.children(TENANT, A, { limit: 10 })).items).toEqual([]);
        });

        it('keeps a descendant changed in the same batch as the move under the new path', async () => {
          await applyLog();
          const mark = log.events.length;
          log.update(D, { firstName: 'Before' });
          log.link(B, Y);
          log.update(E, { firstName: 'After' });
          await readModel.apply(log.since(mark));

          expect(await readModel.getUser(TENANT, D)).toMatchObject({
            firstName: 'Before',
            ancestors: [X, Y, B, C],
            depth: 4,
          });
          expect(await readModel.getUser(TENANT, E)).toMatchObject({
            firstName: 'After',
            ancestors: [X, Y, B],
            depth: 3,
          });
        });

        it('makes an unlinked user a root with its subtree below it', async () => {
          log.unlink(B);
          await applyLog();

          expect(await readModel.getUser(TENANT, B)).toMatchObject({ parentId: null, ancestors: [], depth: 0 });
          expect(await readModel.getUser(TENANT, D)).toMatchObject({ ancestors: [B, C], depth: 2 });
          expect(await ancestorIds(D)).toEqual([C, B]);
          expect(await descendantIds(A)).toEqual([]);
          expect(await descendantIds(B)).toEqual([C, D, E]);
        });

        it('places users created after the move under the new path', async () => {
          log.link(B, Y);
          log.create({ userId: userId(6), parentId: D });
          await applyLog();

          expect(await readModel.getUser(TENANT, userId(6))).toMatchObject({ ancestors: [X, Y, B, C, D], depth: 5 });
          expect(await descendantIds(Y)).toEqual([B, C, D, E, userId(6)].sort());
        });

        it('gives the same result when the move is replayed', async () => {
          log.link(B, Y);
          log.unlink(C);
          log.link(C, E);
          await applyLog();
          const moved = await dump(readModel);
          await applyLog();

          expect(await dump(readModel)).toEqual(moved);
          expect(await readModel.getUser(TENANT, D)).toMatchObject({ ancestors: [X, Y, B, E, C], depth: 5 });
        });
      });
    });

    describe('search', () => {
      const [ada, alan, grace, sam, percy, weird, lovely, otherAda] = [1, 2, 3, 4, 5, 6, 7, 8].map(userId);

      beforeEach(async () => {
        log.create({
          userId: ada,
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          mobile: '+4470000001',
        });
        log.create({
          userId: alan,
          firstName: 'Alan',
          lastName: 'Turing',
          email: 'Alan.Turing@Example.org',
          mobile: '+4470000002',
        });
        log.create({
          userId: grace,
          firstName: 'Grace',
          lastName: 'Hopper',
          email: 'grace@navy.mil',
          mobile: '+15550000003',
        });
        log.create({
          userId: sam,
          firstName: 'Sam',
          lastName: 'Samson',
          email: 'sam@example.com',
          mobile: '+4470000004',
        });
        log.create({ userId: percy, firstName: 'Percy', lastName: 'Shelley', email: 'percy@example.com' });
        log.create({ userId: weird, firstName: 'Per%cent', lastName: 'Under_score', email: 'we_ird%@example.com' });
        log.create({ userId: lovely, firstName: 'Lovely', lastName: 'Day' });
        log.create({
          userId: otherAda,
          tenantId: OTHER_TENANT,
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
        });
        await applyLog();
      });

      const found = async (criteria: UserSearchCriteria) =>
        sortedIdsOf(await allPages(100, (page) => readModel.search(TENANT, criteria, page)));

      it('matches a prefix of "first last", case-insensitively, in the tenant only', async () => {
        expect(await found({ name: 'ADA l' })).toEqual([ada]);
        expect(await found({ name: 'ada' })).toEqual([ada]);
        expect(await found({ name: 'ada lovelace' })).toEqual([ada]);
        expect(await found({ name: 'lovelace ada' })).toEqual([]);
      });

      it('matches a prefix of the last name, and serves a user matching both ways once', async () => {
        const mark = log.events.length;
        // "sam samson" sorts before "samson", but "sam" before "samantha sam": both orders of the two keys.
        const samantha = log.create({ userId: userId(9), firstName: 'Samantha', lastName: 'Sam' });
        await readModel.apply(log.since(mark));

        expect(await found({ name: 'turing' })).toEqual([alan]);
        expect(await found({ name: 'LOVE' })).toEqual([ada, lovely]);
        expect(await found({ name: 'sam' })).toEqual([sam, samantha]);
      });

      it('matches prefixes of e-mail and mobile', async () => {
        expect(await found({ email: 'ALAN.T' })).toEqual([alan]);
        expect(await found({ email: 'ada@' })).toEqual([ada]);
        expect(await found({ mobile: '+44700' })).toEqual([ada, alan, sam]);
        expect(await found({ mobile: '70000' })).toEqual([]);
      });

      it('ANDs the criteria', async () => {
        expect(await found({ mobile: '+44', name: 'a' })).toEqual([ada, alan]);
        expect(await found({ name: 'sam', email: 'sam@' })).toEqual([sam]);
        expect(await found({ email: 'ada', mobile: '+1' })).toEqual([]);
        expect(await found({ email: 'a', mobile: '+44', name: 'turing' })).toEqual([alan]);
      });

      it('treats % and _ literally', async () => {
        expect(await found({ name: 'per%' })).toEqual([weird]);
        expect(await found({ name: 'per_' })).toEqual([]);
        expect(await found({ name: 'under_' })).toEqual([weird]);
        expect(await found({ name: '%' })).toEqual([]);
        expect(await found({ email: '_' })).toEqual([]);
        expect(await found({ email: 'we_ird%' })).toEqual([weird]);
      });

      it('treats empty criteria as none and then lists every user of the tenant', async () => {
        expect(await found({ name: '', email: '' })).toEqual([ada, alan, grace, sam, percy, weird, lovely]);
      });

      it('pages a name search over both kinds of match without duplicates or gaps', async () => {
        const mark = log.events.length;
        const expected: string[] = [];
        for (let n = 0; n < 9; n++)
          expected.push(log.create({ userId: userId(100 + n), firstName: 'Kim', lastName: `Zed${n}` }));
        for (let n = 0; n < 9; n++)
          expected.push(log.create({ userId: userId(200 + n), firstName: `Abe${n}`, lastName: 'Kimball' }));
        for (let n = 0; n < 3; n++)
          expected.push(log.create({ userId: userId(300 + n), firstName: 'Kim', lastName: 'Kimura' }));
        for (let n = 0; n < 3; n++)
          expected.push(log.create({ userId: userId(400 + n), firstName: 'Kimberly', lastName: 'Kim' }));
        await readModel.apply(log.since(mark));

        const results = await allPages(4, (page) => readModel.search(TENANT, { name: 'kim' }, page));

        expect(results).toHaveLength(expected.length);
        expect(sortedIdsOf(results)).toEqual(expected.sort());
      });

      it('pages an e-mail search', async () => {
        const mark = log.events.length;
        for (let n = 0; n < 11; n++) log.create({ userId: userId(100 + n), email: `page${n % 3}.${n}@paging.test` });
        await readModel.apply(log.since(mark));

        const results = await allPages(3, (page) => readModel.search(TENANT, { email: 'PAGE' }, page));

        expect(results).toHaveLength(11);
        expect(new Set(idsOf(results)).size).toBe(11);
      });
    });

    describe('changedSince', () => {
      it('lists users created or modified at or after the instant, oldest change first, paged', async () => {
        log.create({ userId: userId(1) }); // at 1
        log.create({ userId: userId(2) }); // at 2
        log.create({ userId: userId(3) }); // at 3
        log.update(userId(1), { firstName: 'Changed' }); // at 4
        log.create({ userId: userId(4), tenantId: OTHER_TENANT }); // at 5
        await applyLog();
        const since = new Date(instant(3));

        expect(idsOf(await allPages(1, (page) => readModel.changedSince(TENANT, since, page)))).toEqual([
          userId(3),
          userId(1),
        ]);
        expect((await readModel.changedSince(TENANT, new Date(instant(6)), { limit: 10 })).items).toEqual([]);
        expect(idsOf((await readModel.changedSince(OTHER_TENANT, since, { limit: 10 })).items)).toEqual([userId(4)]);
      });
    });

    describe('cursors', () => {
      let listCursor: string;

      beforeEach(async () => {
        log.create({ userId: userId(1), email: 'a1@x.test' });
        log.create({ userId: userId(2), email: 'a2@x.test', parentId: userId(1) });
        log.create({ userId: userId(3), email: 'a3@x.test', parentId: userId(2) });
        await applyLog();
        listCursor = (await readModel.listUsers(TENANT, { limit: 1 })).after as string;
      });

      const forged = (payload: string) => Buffer.from(payload, 'utf8').toString('base64url');

      it('rejects a malformed or forged cursor', async () => {
        const malformed = [
          'not a cursor!',
          forged('not json'),
          forged('[]'),
          forged('{"k":"users"}'),
          'x'.repeat(5000),
        ];
        const forgedValues = [forged('{"k":"users","v":[1]}'), forged('{"k":"users","v":["a","b"]}')];
        for (const after of [...malformed, ...forgedValues]) {
          await expect(readModel.listUsers(TENANT, { limit: 1, after })).rejects.toThrow(InvalidCursorError);
        }
      });

      it('never widens a query when a well-formed cursor points before its range', async () => {
        const beforeEverything = encodeCursor('search:email', ['', '']);
        const beforeSubtree = encodeCursor('descendants', ['', '']);

        expect(
          idsOf((await readModel.search(TENANT, { email: 'a2' }, { limit: 10, after: beforeEverything })).items),
        ).toEqual([userId(2)]);
        expect(
          idsOf((await readModel.descendants(TENANT, userId(2), { limit: 10, after: beforeSubtree })).items),
        ).toEqual([userId(3)]);
      });

      it('rejects a cursor of another query kind', async () => {
        const page = { limit: 1, after: listCursor };
        await expect(readModel.children(TENANT, userId(1), page)).rejects.toThrow(InvalidCursorError);
        await expect(readModel.descendants(TENANT, userId(1), page)).rejects.toThrow(InvalidCursorError);
        await expect(readModel.ancestors(TENANT, userId(3), page)).rejects.toThrow(InvalidCursorError);
        await expect(readModel.search(TENANT, { name: 'test' }, page)).rejects.toThrow(InvalidCursorError);
        await expect(readModel.changedSince(TENANT, new Date(instant(0)), page)).rejects.toThrow(InvalidCursorError);
      });

      it('rejects the cursor of a search driven by another criterion', async () => {
        const emailCursor = (await readModel.search(TENANT, { email: 'a' }, { limit: 1 })).after as string;

        expect(emailCursor).not.toBeNull();
        await expect(readModel.search(TENANT, { name: 'test' }, { limit: 1, after: emailCursor })).rejects.toThrow(
          InvalidCursorError,
        );
        expect((await readModel.search(TENANT, { email: 'a' }, { limit: 1, after: emailCursor })).items).toHaveLength(
          1,
        );
      });
    });

    describe('erasure', () => {
      const first = { limit: 100 };
      /**
       * Root 1 › parent 2 › the user 3 (name, e-mail, mobile, userName, roles) and its sibling 4; user 5 apart. User 3
       * once had a child (6), which moved away before the erasure, as the write side requires.
       */
      function familyWithUserToErase(): { erased: string; sibling: string; parent: string; root: string } {
        const root = log.create({ userId: userId(1), firstName: 'Rosa', lastName: 'Root' });
        const parent = log.create({ userId: userId(2), firstName: 'Paul', lastName: 'Parent', parentId: root });
        const erased = log.create({
          userId: userId(3),
          userName: 'erin',
          firstName: 'Erin',
          lastName: 'Erased',
          email: 'erin@erased.test',
          mobile: '5550003',
          parentId: parent,
          roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
        });
        const sibling = log.create({ userId: userId(4), firstName: 'Erik', lastName: 'Sibling', parentId: parent });
        log.create({ userId: userId(5), firstName: 'Eve', lastName: 'Elsewhere', mobile: '5550005' });
        log.create({ userId: userId(6), firstName: 'Cleo', lastName: 'Child', parentId: erased });
        log.update(erased, { lastName: 'Erasedsson', email: 'erin@erasedsson.test' });
        log.link(userId(6), sibling);
        return { erased, sibling, parent, root };
      }

      async function expectGone(
        erased: string,
        { sibling, parent, root }: { sibling: string; parent: string; root: string },
      ) {
        expect(await readModel.getUser(TENANT, erased)).toBeNull();
        expect(idsOf(await allPages(2, (page) => readModel.listUsers(TENANT, page)))).toEqual(
          [root, parent, sibling, userId(5), userId(6)].sort(),
        );
        for (const criteria of [{ name: 'erin' }, { name: 'erased' }, { email: 'erin@' }, { mobile: '5550003' }])
          expect((await readModel.search(TENANT, criteria, first)).items).toEqual([]);
        expect(sortedIdsOf((await readModel.search(TENANT, { name: 'e' }, first)).items)).toEqual([sibling, userId(5)]);
        expect(idsOf((await readModel.children(TENANT, parent, first)).items)).toEqual([sibling]);
        expect(sortedIdsOf((await readModel.descendants(TENANT, root, first)).items)).toEqual(
          [parent, sibling, userId(6)].sort(),
        );
        expect((await readModel.ancestors(TENANT, erased, first)).items).toEqual([]);
        expect((await readModel.descendants(TENANT, erased, first)).items).toEqual([]);
        expect(idsOf((await readModel.changedSince(TENANT, new Date(instant(0)), first)).items)).not.toContain(erased);
      }

      it('removes the erased user from get, list, search, hierarchy and changedSince, and leaves the others', async () => {
        const family = familyWithUserToErase();
        await applyLog();
        expect(await readModel.getUser(TENANT, family.erased)).toMatchObject({ lastName: 'Erasedsson' });
        const others = await Promise.all(
          [family.root, family.parent, family.sibling].map((id) => readModel.getUser(TENANT, id)),
        );

        const erasure = log.erase(family.erased);
        await readModel.apply([erasure]);

        await expectGone(family.erased, family);
        expect(
          await Promise.all([family.root, family.parent, family.sibling].map((id) => readModel.getUser(TENANT, id))),
        ).toEqual(others);
        expect(await readModel.checkpoint()).toBe(erasure.position);
      });

      it('leaves nothing when the user is created and erased in the same batch', async () => {
        const family = familyWithUserToErase();
        log.erase(family.erased);
        await applyLog();

        await expectGone(family.erased, family);
      });

      it('leaves nothing when the log is read after the erasure (a rebuild), however it is batched', async () => {
        const family = familyWithUserToErase();
        log.record(family.erased, 'OtpVerified', { mobileNumber: '5550003', purpose: 'login' });
        log.erase(family.erased);
        const rebuilt = log.readAfterErasureOf(family.erased);
        expect(rebuilt.filter((record) => record.stream === userStream(family.erased))[0].data).toMatchObject({
          userName: null,
          profile: {},
        });

        for (const batchSize of [1, 3, rebuilt.length]) {
          await readModel.reset();
          for (let from = 0; from < rebuilt.length; from += batchSize)
            await readModel.apply(rebuilt.slice(from, from + batchSize));
          await expectGone(family.erased, family);
          expect(await readModel.checkpoint()).toBe(rebuilt[rebuilt.length - 1].position);
        }
      });

      it('stays erased when the erasure or the whole log is applied again', async () => {
        const family = familyWithUserToErase();
        await applyLog();
        const erasure = log.erase(family.erased);
        await readModel.apply([erasure]);
        const afterErasure = await dump(readModel);

        await readModel.apply([erasure]);
        await readModel.apply(log.readAfterErasureOf(family.erased));

        expect(await dump(readModel)).toEqual(afterErasure);
        await expectGone(family.erased, family);
      });

      it('ignores the erasure of a user it never had', async () => {
        log.create({ userId: userId(1) });
        const erasure = log.erase(userId(9));
        await applyLog();

        expect(idsOf((await readModel.listUsers(TENANT, first)).items)).toEqual([userId(1)]);
        expect(await readModel.checkpoint()).toBe(erasure.position);
      });
    });

    describe('bulk load', () => {
      it('ends with exactly what batch-by-batch projection gives, the checkpoint included, and stays idempotent', async () => {
        const log = eventfulLog();
        const reference = await factory();
        try {
          await applyInBatches(reference.readModel, log, 4);
          await readModel.beginBulkLoad();
          await applyInBatches(readModel, log, 3);
          await readModel.apply(log.events.slice(0, 5)); // a replay in the middle changes nothing
          await readModel.endBulkLoad();

          expect(await readModel.checkpoint()).toBe(log.events[log.events.length - 1].position);
          expect(await dump(readModel)).toEqual(await dump(reference.readModel));
          expect(idsOf((await readModel.search(TENANT, { name: 'dora' }, { limit: 10 })).items)).toEqual([userId(4)]);

          // After the bulk load, batches store their checkpoint again.
          const mark = log.events.length;
          log.create({ userId: userId(30), firstName: 'Xena', lastName: 'Late' });
          await readModel.apply(log.since(mark));
          expect(await readModel.checkpoint()).toBe(log.events[log.events.length - 1].position);
          expect(await readModel.getUser(TENANT, userId(30))).not.toBeNull();
        } finally {
          await reference.cleanup();
        }
      });

      it('is a no-op to end a bulk load that never began', async () => {
        await readModel.endBulkLoad();
        expect(await readModel.checkpoint()).toBeNull();
      });
    });
  });
}

import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { PERSONAL_DATA_ERASED } from '@roster/personal-data';
import { InvalidCursorError } from '@roster/read-model';
import { PageCursors } from '../users/page-cursors';
import { awaitFeed, FeedCursors, scanFeed } from './change-feed';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

describe('change feed', () => {
  let store: InMemoryEventStore;
  beforeEach(() => (store = new InMemoryEventStore()));
  afterEach(() => store.close());

  /** A user of `tenantId` created, its password set, then renamed: three events in its stream. */
  async function userOf(tenantId: string): Promise<string> {
    const userId = randomUUID();
    const metadata = { schemaVersion: 1, tenantId };
    const at = new Date().toISOString();
    await store.append(
      `user-${userId}`,
      [
        {
          type: 'UserCreated',
          data: {
            userId,
            tenantId,
            userType: 'CITIZEN',
            userName: null,
            profile: { firstName: 'A', lastName: 'B' },
            at,
          },
          metadata,
        },
        { type: 'PasswordChanged', data: { userId, passwordHash: HASH, reason: 'set', at }, metadata },
        { type: 'ProfileUpdated', data: { userId, changes: { firstName: 'C' }, at }, metadata },
      ],
      'no_stream',
    );
    // Internal streams (reservations) never reach the feed.
    await store.append(
      `username-${tenantId}-CITIZEN-${userId}`,
      [{ type: 'UserNameReserved', data: { userId } }],
      'any',
    );
    return userId;
  }

  it("read page by page to the end, gives exactly the tenant's user events in log order, none twice, no hash", async () => {
    const ours: string[] = [];
    for (let index = 0; index < 7; index++) {
      ours.push(await userOf('pb'));
      await userOf('other');
    }
    const expected = (await store.readAll(null, 10_000))
      .filter((event) => event.stream.startsWith('user-') && event.metadata.tenantId === 'pb')
      .map((event) => event.id);

    const seen: string[] = [];
    let after = null;
    for (let pages = 0; ; pages++) {
      const page = await scanFeed(store, 'pb', after, 4);
      seen.push(...page.data.map((event) => event.id));
      expect(page.data.every((event) => event.tenantId === 'pb')).toBe(true);
      after = page.after;
      if (!page.hasMore) break;
      expect(pages).toBeLessThan(20);
    }
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(21);
    expect(JSON.stringify((await scanFeed(store, 'pb', null, 1000)).data)).not.toContain('argon2');
    // At the end: nothing more, and the cursor stays where it was.
    expect(await scanFeed(store, 'pb', after, 4)).toEqual({ data: [], after, hasMore: false });
  });

  it('a waiting read is answered by the next event of the tenant, not by those of another', async () => {
    await userOf('pb');
    const { after } = await scanFeed(store, 'pb', null, 100);
    const waiting = awaitFeed(store, 'pb', after, 100, 5_000);
    await userOf('other');
    const started = Date.now();
    const userId = await userOf('pb');
    const page = await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(page.data.map((event) => [event.userId, event.type])).toEqual([
      [userId, 'UserCreated'],
      [userId, 'PasswordChanged'],
      [userId, 'ProfileUpdated'],
    ]);
    // The cursor passed the reservation written after the user's events too: the next read starts after it.
    expect(page.after).toBe(await store.headPosition());
  });

  it('a wait that runs out answers an empty page at the same cursor', async () => {
    await userOf('pb');
    const { after } = await scanFeed(store, 'pb', null, 100);
    await expect(awaitFeed(store, 'pb', after, 100, 50)).resolves.toEqual({ data: [], after, hasMore: false });
  });

  describe('an erased user', () => {
    /**
     * A user's events as the log reads them once the user was erased: its earlier events flagged (their personal
     * fields emptied by the store), then its UserErased, which carries no personal data.
     */
    async function erasedUserOf(tenantId: string): Promise<string> {
      const userId = randomUUID();
      const at = new Date().toISOString();
      const unreadable = { schemaVersion: 1, tenantId, [PERSONAL_DATA_ERASED]: true };
      await store.append(
        `user-${userId}`,
        [
          {
            type: 'UserCreated',
            data: { userId, tenantId, userType: 'CITIZEN', userName: null, profile: {}, at },
            metadata: unreadable,
          },
          { type: 'ProfileUpdated', data: { userId, changes: {}, at }, metadata: unreadable },
          {
            type: 'UserErased',
            data: { userId, tenantId, userType: 'CITIZEN', numericId: 7, at },
            metadata: { schemaVersion: 1, tenantId },
          },
        ],
        'no_stream',
      );
      return userId;
    }

    it('appears as its UserErased alone: its unreadable earlier events are skipped, and the cursor passes them', async () => {
      const kept = await userOf('pb');
      const erased = await erasedUserOf('pb');

      const page = await scanFeed(store, 'pb', null, 100);

      expect(page.data.map((event) => [event.userId, event.type])).toEqual([
        [kept, 'UserCreated'],
        [kept, 'PasswordChanged'],
        [kept, 'ProfileUpdated'],
        [erased, 'UserErased'],
      ]);
      expect(page.data[3]).toMatchObject({
        streamRevision: 2,
        data: { userId: erased, tenantId: 'pb', userType: 'CITIZEN', numericId: 7 },
      });
      expect(page.after).toBe(await store.headPosition());
    });

    it('moves the cursor past a stretch of skipped events, on a page and on a wait that runs out', async () => {
      await userOf('pb');
      const { after } = await scanFeed(store, 'pb', null, 100);
      const userId = randomUUID();
      await store.append(
        `user-${userId}`,
        [
          {
            type: 'UserCreated',
            data: { userId, tenantId: 'pb', userType: 'CITIZEN', userName: null, profile: {}, at: 'x' },
            metadata: { schemaVersion: 1, tenantId: 'pb', [PERSONAL_DATA_ERASED]: true },
          },
        ],
        'no_stream',
      );
      const head = await store.headPosition();

      expect(await scanFeed(store, 'pb', after, 100)).toEqual({ data: [], after: head, hasMore: false });
      await expect(awaitFeed(store, 'pb', after, 100, 50)).resolves.toEqual({ data: [], after: head, hasMore: false });
    });
  });

  describe('cursors', () => {
    const cursors = new FeedCursors(new PageCursors(Buffer.alloc(32, 7)));

    it('stand for a position of one tenant, and the start of the log', () => {
      expect(cursors.open('pb', cursors.sign('pb', 42n))).toBe(42n);
      expect(cursors.open('pb', cursors.sign('pb', null))).toBeNull();
    });

    it('are refused when altered, forged, signed with another key or of another tenant', () => {
      const signed = cursors.sign('pb', 42n);
      const other = new FeedCursors(new PageCursors(Buffer.alloc(32, 8)));
      for (const bad of [
        `${signed}x`,
        'abc',
        other.sign('pb', 42n),
        `${Buffer.from('["pb","43"]').toString('base64url')}.${signed.split('.')[1]}`,
      ]) {
        expect(() => cursors.open('pb', bad)).toThrow(InvalidCursorError);
      }
      expect(() => cursors.open('other', signed)).toThrow(InvalidCursorError);
    });
  });
});

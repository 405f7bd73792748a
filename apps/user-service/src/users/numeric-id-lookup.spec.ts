import type { UserCreated } from '@roster/domain';
import { userStream } from '@roster/domain';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { NumericIdLookup } from './numeric-id-lookup';
import { UserStreams } from './user-streams';

describe('NumericIdLookup', () => {
  let store: InMemoryEventStore;
  let streams: UserStreams;
  let load: jest.SpyInstance;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    streams = new UserStreams(store);
    load = jest.spyOn(streams, 'load');
    await created('a', 1);
    await created('b', 2);
    await created('c', 3);
    await created('legacy', undefined);
  });
  afterEach(() => store.close());

  async function created(userId: string, numericId: number | undefined): Promise<void> {
    const event: UserCreated = {
      type: 'UserCreated',
      data: {
        userId,
        tenantId: 'pb',
        userType: 'EMPLOYEE',
        userName: null,
        ...(numericId && { numericId }),
        profile: { firstName: 'F', lastName: 'L' },
        at: '2026-01-01T00:00:00Z',
      },
    };
    await store.append(userStream(userId), [event], 'no_stream');
  }
  const readsOf = () => load.mock.calls.map(([userId]) => userId);

  it("answers each user's numeric id; null for an id that is no user and for a user created before numeric ids", async () => {
    const found = await new NumericIdLookup(streams).of(['a', 'c', 'api-key-or-system', 'legacy', 'a']);

    expect(found).toEqual(
      new Map<string, number | null>([
        ['a', 1],
        ['c', 3],
        ['api-key-or-system', null],
        ['legacy', null],
      ]),
    );
    expect(readsOf()).toEqual(['a', 'c', 'api-key-or-system', 'legacy']);
  });

  it('reads a user once and then answers from memory, a user without a number too', async () => {
    const lookup = new NumericIdLookup(streams);
    await lookup.of(['a', 'legacy']);
    load.mockClear();

    expect(await lookup.of(['legacy', 'a'])).toEqual(
      new Map<string, number | null>([
        ['legacy', null],
        ['a', 1],
      ]),
    );
    expect(readsOf()).toEqual([]);
  });

  it('keeps at most its capacity, forgetting the least recently used', async () => {
    const lookup = new NumericIdLookup(streams, 2);
    await lookup.of(['a']);
    await lookup.of(['b']);
    await lookup.of(['a']); // a is now more recent than b
    await lookup.of(['c']); // b goes
    load.mockClear();

    await lookup.of(['a', 'c']);
    expect(readsOf()).toEqual([]);
    expect(await lookup.of(['b'])).toEqual(new Map([['b', 2]]));
    expect(readsOf()).toEqual(['b']);
  });
});

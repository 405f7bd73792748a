import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_NUMERIC_USER_ID,
  NUMERIC_USER_ID_SEQUENCE_STREAM as SEQUENCE,
  NumericIdsExhaustedError,
} from '@roster/domain';
import type { EventStore } from '@roster/event-store';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { SqliteEventStore } from '@roster/event-store/sqlite';
import { DEFAULT_NUMERIC_ID_BLOCK_SIZE, NumericIds } from './numeric-ids';

/** Two handles on one store, as two processes have: the SQLite ones are separate connections to one file. */
const stores: [string, () => { first: EventStore; second: EventStore; cleanup(): Promise<void> }][] = [
  [
    'in-memory',
    () => {
      const store = new InMemoryEventStore();
      return { first: store, second: store, cleanup: () => store.close() };
    },
  ],
  [
    'sqlite, two connections',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'roster-numeric-ids-'));
      const file = join(dir, 'events.sqlite');
      const first = new SqliteEventStore({ file });
      const second = new SqliteEventStore({ file });
      return {
        first,
        second,
        cleanup: async () => {
          await Promise.all([first.close(), second.close()]);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];

const blocksIn = async (store: EventStore) => (await store.readStream(SEQUENCE)).map((event) => event.data);
const distinct = (ids: readonly number[]) => new Set(ids).size;
const many = (ids: NumericIds, count: number) => Promise.all(Array.from({ length: count }, () => ids.next()));

describe.each(stores)('NumericIds (%s)', (_name, open) => {
  let first: EventStore;
  let second: EventStore;
  let cleanup: () => Promise<void>;

  beforeEach(() => {
    ({ first, second, cleanup } = open());
  });
  afterEach(() => cleanup());

  it('hands out 1, 2, 3 … from one reserved block', async () => {
    const ids = new NumericIds(first, 5);

    expect([await ids.next(), await ids.next(), await ids.next()]).toEqual([1, 2, 3]);
    expect(await ids.take(4)).toEqual([4, 5, 6, 7]);
    expect(await blocksIn(first)).toEqual([
      { first: 1, last: 5 },
      { first: 6, last: 10 },
    ]);
  });

  it('gives concurrent callers of one process distinct ids, refilling one block at a time', async () => {
    const ids = new NumericIds(first, 10);

    const handedOut = await many(ids, 250);

    expect(distinct(handedOut)).toBe(250);
    expect([...handedOut].sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(await blocksIn(first)).toHaveLength(25);
  });

  it('never gives two allocators on one store the same id', async () => {
    const one = new NumericIds(first, 7);
    const other = new NumericIds(second, 3);

    const [fromOne, fromOther] = await Promise.all([many(one, 200), many(other, 200)]);
    const all = [...fromOne, ...fromOther];

    expect(distinct(all)).toBe(400);
    expect(all.every((id) => id >= 1 && Number.isInteger(id))).toBe(true);
    const blocks = await blocksIn(first);
    blocks.forEach((block, i) => expect(block.first).toBe(i === 0 ? 1 : (blocks[i - 1].last as number) + 1));
  });

  it('skips what a stopped process reserved but never handed out, and never reissues an id', async () => {
    const before = new NumericIds(first);
    expect(await before.take(3)).toEqual([1, 2, 3]);

    const restarted = new NumericIds(second);

    expect(await restarted.next()).toBe(DEFAULT_NUMERIC_ID_BLOCK_SIZE + 1);
    expect(await before.next()).toBe(4);
  });
});

describe('NumericIds: conflicts, failures, exhaustion', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore();
  });

  it('re-reads the sequence after a conflict and retries, reading only its end', async () => {
    for (let block = 0; block < 50; block++)
      await store.append(
        SEQUENCE,
        [{ type: 'IdBlockReserved', data: { first: block * 10 + 1, last: block * 10 + 10 } }],
        'any',
      );
    const reads: number[] = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((stream, from) => {
      reads.push(from ?? 0);
      return readStream(stream, from);
    });
    const append = jest.spyOn(store, 'append');

    expect(await new NumericIds(store, 10).next()).toBe(501);
    expect(append).toHaveBeenCalledTimes(2);
    expect(await append.mock.results[0].value.catch((error: unknown) => error)).toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(reads).toEqual([49]);
  });

  it('gives up with the conflict when the sequence keeps moving, instead of spinning', async () => {
    jest.spyOn(store, 'append').mockRejectedValue(new WrongExpectedRevisionError(SEQUENCE, 'no_stream', -1));

    await expect(new NumericIds(store).next()).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(store.append).toHaveBeenCalledTimes(50);
  });

  it('fails the callers waiting on a refill the store refused, and refills again on the next call', async () => {
    const ids = new NumericIds(store, 2);
    jest.spyOn(store, 'append').mockRejectedValueOnce(new EventStoreUnavailableError('down'));

    await expect(Promise.all([ids.next(), ids.next()])).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(await ids.take(3)).toEqual([1, 2, 3]);
  });

  it('hands out the ids up to 2,147,483,647 and then says they are exhausted, without writing', async () => {
    await store.append(
      SEQUENCE,
      [{ type: 'IdBlockReserved', data: { first: 1, last: MAX_NUMERIC_USER_ID - 3 } }],
      'no_stream',
    );
    const ids = new NumericIds(store, 100);

    expect(await ids.take(3)).toEqual([MAX_NUMERIC_USER_ID - 2, MAX_NUMERIC_USER_ID - 1, MAX_NUMERIC_USER_ID]);
    await expect(ids.next()).rejects.toBeInstanceOf(NumericIdsExhaustedError);
    await expect(ids.next()).rejects.toThrow(/exhausted/);
    expect(await store.readStream(SEQUENCE)).toHaveLength(2);
  });

  it('refuses a malformed sequence rather than guessing past it', async () => {
    await store.append(SEQUENCE, [{ type: 'IdBlockReserved', data: { first: 'one' } }], 'no_stream');

    await expect(new NumericIds(store).next()).rejects.toThrow(/malformed/);
  });

  it('refuses a block size below one at construction', () => {
    expect(() => new NumericIds(store, 0)).toThrow(RangeError);
  });
});

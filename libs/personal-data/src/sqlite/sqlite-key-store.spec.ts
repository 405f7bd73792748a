import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreUnavailableError } from '@roster/event-store';
import type { NewKey } from '../key-store';
import { SubjectErasedError } from '../key-store';
import { describeKeyStoreContract, newKey } from '../testing/key-store.contract';
import type { SqliteKeyStoreOptions } from './sqlite-key-store';
import { SqliteKeyStore } from './sqlite-key-store';

describeKeyStoreContract('SqliteKeyStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'roster-key-store-'));
  const store = new SqliteKeyStore({ file: join(dir, 'keys.sqlite') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteKeyStore on disk', () => {
  let dir: string;
  let file: string;
  const opened: SqliteKeyStore[] = [];

  function open(options: Partial<SqliteKeyStoreOptions> = {}): SqliteKeyStore {
    const store = new SqliteKeyStore({ file, ...options });
    opened.push(store);
    return store;
  }

  /** Every byte of every file SQLite keeps for the store: the database, its WAL and the WAL index. */
  async function bytesOnDisk(): Promise<Buffer> {
    const files = [file, `${file}-wal`, `${file}-shm`];
    return Buffer.concat(await Promise.all(files.map((path) => readFile(path).catch(() => Buffer.alloc(0)))));
  }

  /**
   * Whether any part of a key is in the files: a deleted cell whose start was overwritten (by SQLite's free-block
   * header, or a new cell) still leaves most of its bytes, so every 8-byte slice is looked for, not the whole key.
   * The files' 8-byte sequences are collected once per scan, so that looking up many keys stays fast.
   */
  const sequencesOf = new WeakMap<Buffer, Set<bigint>>();
  function holdsAnyPartOf(bytes: Buffer, { wrapped }: NewKey): boolean {
    let sequences = sequencesOf.get(bytes);
    if (sequences === undefined) {
      sequences = new Set();
      for (let offset = 0; offset + 8 <= bytes.length; offset++) sequences.add(bytes.readBigUInt64LE(offset));
      sequencesOf.set(bytes, sequences);
    }
    for (let offset = 0; offset + 8 <= wrapped.length; offset += 8) {
      if (sequences.has(wrapped.readBigUInt64LE(offset))) return true;
    }
    return false;
  }

  async function walFrames(): Promise<number> {
    const pageSize = 4096;
    const size = await stat(`${file}-wal`).then(
      ({ size }) => size,
      () => 0,
    );
    return size === 0 ? 0 : (size - 32) / (24 + pageSize);
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-key-store-'));
    file = join(dir, 'data', 'nested', 'keys.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the missing directory and keeps keys and erasures across close and reopen', async () => {
    const first = open();
    const key = newKey('user-1');
    await first.create([key, newKey('user-2')]);
    await first.destroy('user-2', new Date('2026-01-02T03:04:05.678Z'));
    await first.close();

    const found = await open().find(['user-1', 'user-2']);

    expect(found.get('user-1')).toEqual({ status: 'live', wrapped: key.wrapped, kekId: key.kekId });
    expect(found.get('user-2')).toEqual({ status: 'erased', erasedAt: new Date('2026-01-02T03:04:05.678Z') });
  });

  it('leaves no byte of a destroyed key in the database, its WAL or the WAL index', async () => {
    const store = open();
    const key = newKey('user-1');
    await store.create([newKey('user-0'), key, newKey('user-2')]);
    // The bytes are there to be found before: the scan would see a key that survived.
    expect((await bytesOnDisk()).includes(key.wrapped)).toBe(true);

    await store.destroy('user-1', new Date());

    expect(holdsAnyPartOf(await bytesOnDisk(), key)).toBe(false);
    expect(await stat(`${file}-wal`).then(({ size }) => size)).toBe(0);
  });

  it('leaves no copy of destroyed keys, nor of their earlier wrappings, after pages were split and rewritten', async () => {
    const store = open();
    const keys: NewKey[] = [];
    // Random subjects insert all over the subjects table, so its pages split and cells move between pages many times.
    for (let group = 0; group < 20; group++) {
      const batch = Array.from({ length: 50 }, () => ({ ...newKey(), wrapped: randomBytes(40 + group) }));
      keys.push(...batch);
      await Promise.all(batch.map((key) => store.create([key])));
    }
    // Every key rewrapped: a quarter with bytes of the same length (overwritten in place), the rest with longer ones,
    // which no longer fit where the old ones were (a store keeping keys by subject then splits pages and moves cells).
    const rewrapped = keys.map((key, index) => ({
      ...key,
      kekId: 'kek-2',
      wrapped: randomBytes(index % 4 === 0 ? key.wrapped.length : 90),
    }));
    await Promise.all(rewrapped.map((key) => store.rewrap(key)));
    const destroyed = new Set(keys.filter((_, index) => index % 2 === 0).map(({ subject }) => subject));

    await Promise.all([...destroyed].map((subject) => store.destroy(subject, new Date())));

    const bytes = await bytesOnDisk();
    const gone = [...keys, ...rewrapped].filter(({ subject }) => destroyed.has(subject));
    expect(gone.filter((key) => holdsAnyPartOf(bytes, key)).map(({ subject }) => subject)).toEqual([]);
    const stillLive = rewrapped.filter(({ subject }) => !destroyed.has(subject));
    expect(stillLive.filter((key) => !bytes.includes(key.wrapped)).map(({ subject }) => subject)).toEqual([]);
    expect(await store.find(stillLive.map(({ subject }) => subject))).toEqual(
      new Map(stillLive.map(({ subject, wrapped, kekId }) => [subject, { status: 'live', wrapped, kekId }])),
    );
  });

  it('never moves nor copies a stored key while other keys are created, rewrapped and erased around it', async () => {
    const store = open();
    const createInGroups = async (count: number): Promise<NewKey[]> => {
      const keys = Array.from({ length: count }, (_, index) => ({
        ...newKey(),
        wrapped: randomBytes(40 + (index % 30)),
      }));
      for (let start = 0; start < count; start += 100) {
        await Promise.all(keys.slice(start, start + 100).map((key) => store.create([key])));
      }
      return keys;
    };
    const placesIn = (bytes: Buffer, keys: NewKey[]) =>
      keys.map(({ wrapped }) => ({ first: bytes.indexOf(wrapped), last: bytes.lastIndexOf(wrapped) }));
    const stored = await createInGroups(1500);
    // An erasure's checkpoint copies every page into the database file, where the keys' places are read.
    await store.destroy('nobody-1', new Date());
    const placesBefore = placesIn(await readFile(file), stored);

    const sameLength = stored
      .filter((_, index) => index % 4 === 0)
      .map((key) => ({ ...key, wrapped: randomBytes(key.wrapped.length) }));
    const longer = stored.filter((_, index) => index % 4 === 1).map((key) => ({ ...key, wrapped: randomBytes(90) }));
    await Promise.all([...sameLength, ...longer].map((key) => store.rewrap(key)));
    await createInGroups(1000);
    await Promise.all(
      stored.filter((_, index) => index % 4 === 2).map(({ subject }) => store.destroy(subject, new Date())),
    );
    await store.destroy('nobody-2', new Date());

    const bytes = await readFile(file);
    // Rewrapped in place, and never rewrapped: each key exactly once, where it was written.
    const unmoved = stored.map((key, index) => (index % 4 === 0 ? sameLength[index / 4] : key));
    const expected = placesBefore.filter((_, index) => index % 4 === 0 || index % 4 === 3);
    expect(placesBefore.every(({ first, last }) => first >= 0 && first === last)).toBe(true);
    expect(
      placesIn(
        bytes,
        unmoved.filter((_, index) => index % 4 === 0 || index % 4 === 3),
      ),
    ).toEqual(expected);
  });

  it('commits the erasures requested together in one transaction, and leaves none of their keys', async () => {
    const store = open();
    const keys = Array.from({ length: 20 }, (_, index) => newKey(`user-${index}`));
    await store.create(keys);
    // The group commit is private: spied on by name.
    const commit = jest.spyOn<any, string>(store, 'commitErasures');

    await Promise.all(keys.map(({ subject }) => store.destroy(subject, new Date())));

    expect(commit).toHaveBeenCalledTimes(1);
    expect(commit.mock.calls[0][0]).toHaveLength(20);
    const bytes = await bytesOnDisk();
    expect(keys.filter((key) => holdsAnyPartOf(bytes, key)).map(({ subject }) => subject)).toEqual([]);
    expect(await walFrames()).toBe(0);
  });

  it('commits the creates submitted in one event-loop turn in one transaction', async () => {
    const store = open();
    await store.create([newKey('warm-up')]);
    const framesBefore = await walFrames();

    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => store.create([newKey(`user-${index}`)])),
    );

    expect(answers.every((answer) => answer.size === 1)).toBe(true);
    // One commit of the one changed page; thirty commits would have appended at least thirty frames.
    expect((await walFrames()) - framesBefore).toBeLessThanOrEqual(2);
    expect((await store.find(Array.from({ length: 30 }, (_, index) => `user-${index}`))).size).toBe(30);
  });

  it('refuses only the create naming an erased subject within a group, writing none of its keys', async () => {
    const store = open();
    await store.destroy('user-erased', new Date());

    const [refused, created] = await Promise.allSettled([
      store.create([newKey('user-1'), newKey('user-erased')]),
      store.create([newKey('user-2')]),
    ]);

    expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(SubjectErasedError) });
    expect(created.status).toBe('fulfilled');
    expect([...(await store.find(['user-1', 'user-2'])).keys()]).toEqual(['user-2']);
  });

  it('answers creates submitted before close instead of dropping them', async () => {
    const store = open();

    const created = store.create([newKey('user-1')]);
    await store.close();

    expect((await created).get('user-1')?.status).toBe('live');
  });

  it('keeps the erasure and refuses to resolve while another connection holds old WAL frames, then completes on retry', async () => {
    const store = open({ busyTimeoutMs: 20, checkpointAttempts: 2 });
    const key = newKey('user-1');
    await store.create([key]);
    const otherProcess = new Database(file);
    otherProcess.exec('BEGIN');
    otherProcess.prepare('SELECT count(*) FROM wrapped_keys').get();

    await expect(store.destroy('user-1', new Date())).rejects.toThrow(EventStoreUnavailableError);
    expect((await store.find(['user-1'])).get('user-1')?.status).toBe('erased');

    otherProcess.exec('COMMIT');
    otherProcess.close();
    await store.destroy('user-1', new Date());
    expect(holdsAnyPartOf(await bytesOnDisk(), key)).toBe(false);
  });

  it('fails with EventStoreUnavailableError when the file cannot be opened', async () => {
    // A regular file where the directory should be: neither the directory nor the database can be made.
    await writeFile(join(dir, 'data'), 'not a directory');

    expect(() => open()).toThrow(EventStoreUnavailableError);
  });
});

import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../event-store';
import { EventStoreUnavailableError } from '../event-store';
import { describeEventStoreContract } from '../testing/event-store.contract';
import type { SqliteEventStoreOptions } from './sqlite-event-store';
import { SqliteEventStore } from './sqlite-event-store';

const quietSubscriptions = { onError: () => undefined };

describeEventStoreContract('SqliteEventStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'roster-event-store-'));
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), subscription: quietSubscriptions });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteEventStore on disk', () => {
  let dir: string;
  let file: string;
  const opened: SqliteEventStore[] = [];

  function open(options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore {
    const store = new SqliteEventStore({ file, subscription: quietSubscriptions, ...options });
    opened.push(store);
    return store;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-event-store-'));
    file = join(dir, 'data', 'nested', 'events.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the missing directory and keeps events across close and reopen', async () => {
    const first = open();
    await first.append('user-1', [{ id: 'e-1', type: 'UserCreated', data: { name: 'Ada' } }], 'no_stream');
    const { position } = await first.append('user-1', [{ type: 'ProfileUpdated', data: {} }], 0);
    await first.close();

    const reopened = open();

    expect((await reopened.readStream('user-1')).map(({ id, revision }) => ({ id, revision }))).toEqual([
      { id: 'e-1', revision: 0 },
      { id: expect.any(String), revision: 1 },
    ]);
    expect(await reopened.headPosition()).toBe(position);
    const next = await reopened.append('user-2', [{ type: 'UserCreated', data: {} }], 'no_stream');
    expect(next.position).toBe(position + 1n);
  });

  it('commits appends submitted together in one transaction', async () => {
    const store = open();
    // The group commit is private: spied on by name.
    const commitGroup = jest.spyOn<any, string>(store, 'commitGroup');

    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        store.append(`user-${index}`, [{ type: 'UserCreated', data: {} }], 'no_stream'),
      ),
    );

    expect(commitGroup).toHaveBeenCalledTimes(1);
    expect(commitGroup.mock.calls[0][0]).toHaveLength(30);
  });

  it('writes the file in WAL mode', async () => {
    await open().append('user-1', [{ type: 'UserCreated', data: {} }], 'no_stream');

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('lets a store in another process see appended events through its subscription', async () => {
    const writer = open();
    const reader = open({ pollIntervalMs: 20 });
    await writer.append('user-1', [{ type: 'UserCreated', data: {} }], 'no_stream');
    const received: RecordedEvent[] = [];

    reader.subscribeAll(null, (batch) => {
      received.push(...batch);
    });
    await waitUntil(() => received.length === 1);
    await writer.append('user-2', [{ type: 'UserCreated', data: {} }], 'no_stream');
    await waitUntil(() => received.length === 2);

    expect(received.map((recorded) => recorded.stream)).toEqual(['user-1', 'user-2']);
  });

  it('wakes a subscription at once when told another process committed, without waiting for its poll', async () => {
    const reader = open({ pollIntervalMs: 60_000 });
    const writer = open({ onCommitted: () => reader.eventsCommittedElsewhere() });
    const received: RecordedEvent[] = [];
    reader.subscribeAll(null, (batch) => {
      received.push(...batch);
    });
    await writer.append('user-1', [{ type: 'UserCreated', data: {} }], 'no_stream');
    await waitUntil(() => received.length === 1);
    expect(received.map((recorded) => recorded.stream)).toEqual(['user-1']);
  });

  it('keeps positions and revisions consistent when two stores append to the same file', async () => {
    const [first, second] = [open(), open()];

    await Promise.all([
      ...Array.from({ length: 20 }, (_, index) =>
        first.append(`user-${index}`, [{ type: 'A', data: {} }], 'no_stream'),
      ),
      ...Array.from({ length: 20 }, (_, index) => second.append(`user-${index}`, [{ type: 'B', data: {} }], 'any')),
    ]);

    const log = await second.readAll(null, 100);
    expect(log).toHaveLength(40);
    expect(new Set(log.map((recorded) => recorded.position)).size).toBe(40);
    for (let index = 0; index < 20; index++) {
      expect((await first.readStream(`user-${index}`)).map(({ revision }) => revision)).toEqual([0, 1]);
    }
  });

  it('fails appends with EventStoreUnavailableError while another process holds the write lock too long', async () => {
    const store = open({ busyTimeoutMs: 50 });
    await store.append('user-1', [{ type: 'UserCreated', data: {} }], 'no_stream');
    const otherProcess = new Database(file);
    otherProcess.exec('BEGIN IMMEDIATE');

    const blocked = store.append('user-2', [{ type: 'UserCreated', data: {} }], 'no_stream');
    const alsoBlocked = store.append('user-3', [{ type: 'UserCreated', data: {} }], 'no_stream');
    await expect(blocked).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(alsoBlocked).rejects.toBeInstanceOf(EventStoreUnavailableError);

    otherProcess.exec('ROLLBACK');
    otherProcess.close();
    await store.append('user-2', [{ type: 'UserCreated', data: {} }], 'no_stream');
    expect((await store.readAll(null, 10)).map((recorded) => recorded.stream)).toEqual(['user-1', 'user-2']);
  });

  it('waits for the write lock another process holds without blocking its event loop, then commits', async () => {
    const store = open({ busyTimeoutMs: 5000 });
    const otherProcess = new Database(file);
    otherProcess.exec('BEGIN IMMEDIATE');

    const appended = store.append('user-1', [{ type: 'UserCreated', data: {} }], 'no_stream');
    // Timers keep firing while the append waits: SQLite's busy handler would have slept on this thread instead.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(10);

    otherProcess.exec('COMMIT');
    otherProcess.close();
    await appended;
    expect((await store.readAll(null, 10)).map((recorded) => recorded.stream)).toEqual(['user-1']);
  });

  it('refuses to open a file that is not a database', async () => {
    const notADatabase = join(dir, 'not-a-database.sqlite');
    await import('node:fs/promises').then((fs) => fs.writeFile(notADatabase, 'x'.repeat(4096)));

    expect(() => new SqliteEventStore({ file: notADatabase })).toThrow(EventStoreUnavailableError);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

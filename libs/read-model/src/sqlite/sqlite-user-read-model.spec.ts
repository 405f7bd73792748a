import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TENANT, UserEventLog, userId } from '../testing/fixtures';
import { describeUserReadModelContract } from '../testing/user-read-model.contract';
import { SECONDARY_INDEXES } from './schema';
import { SqliteUserReadModel } from './sqlite-user-read-model';

/**
 * What `holding` answers once the files settled after an erasure: at once, or as soon as it is empty within
 * `timeoutMs` — the clean-up of the files may run after `apply` resolved (a compaction in the background).
 */
async function settled(holding: () => string[], timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let found = holding();
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = holding();
  }
  return found;
}

function temporaryFolder(): { folder: string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'roster-read-model-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

describeUserReadModelContract('SQLite', async () => {
  const temporary = temporaryFolder();
  // A folder that does not exist yet: the adapter creates it.
  const readModel = new SqliteUserReadModel({ file: join(temporary.folder, 'nested', 'read-model.sqlite') });
  return {
    readModel,
    cleanup: async () => {
      await readModel.close();
      temporary.remove();
    },
  };
});

describe('SqliteUserReadModel', () => {
  it('keeps views and checkpoint in its file across a reopen', async () => {
    const temporary = temporaryFolder();
    const file = join(temporary.folder, 'read-model.sqlite');
    const log = new UserEventLog();
    log.create({ userId: userId(1), firstName: 'Ada' });
    log.create({ userId: userId(2), firstName: 'Bea', parentId: userId(1) });
    try {
      const first = new SqliteUserReadModel({ file });
      await first.apply(log.events);
      const before = await first.getUser(TENANT, userId(2));
      await first.close();

      const reopened = new SqliteUserReadModel({ file });
      expect(await reopened.getUser(TENANT, userId(2))).toEqual(before);
      expect(await reopened.checkpoint()).toBe(3n);
      await reopened.close();
    } finally {
      temporary.remove();
    }
  });

  it('answers queries query-only beside the writing process and refuses to write itself', async () => {
    const temporary = temporaryFolder();
    const file = join(temporary.folder, 'read-model.sqlite');
    const log = new UserEventLog();
    log.create({ userId: userId(1), firstName: 'Ada' });
    const writer = new SqliteUserReadModel({ file });
    const reader = new SqliteUserReadModel({ file, queryOnly: true });
    try {
      await writer.apply(log.events);
      expect(await reader.checkpoint()).toBe(1n);
      expect((await reader.getUser(TENANT, userId(1)))?.firstName).toBe('Ada');

      log.create({ userId: userId(2), firstName: 'Bea' });
      await expect(reader.apply(log.events.slice(1))).rejects.toThrow(/query-only/);
      await expect(reader.reset()).rejects.toThrow(/query-only/);
      expect(await reader.getUser(TENANT, userId(2))).toBeNull();
      // What the writer applies next is what the reader answers next.
      await writer.apply(log.events.slice(1));
      expect((await reader.getUser(TENANT, userId(2)))?.firstName).toBe('Bea');
    } finally {
      await reader.close();
      await writer.close();
      temporary.remove();
    }
  });

  it('reads the stored views of a large batch together, and again after the batch moved a subtree they are in', async () => {
    const log = new UserEventLog();
    const root = log.create({ userId: userId(1), firstName: 'Root' });
    const parent = log.create({ userId: userId(2), firstName: 'Parent' });
    const child = log.create({ userId: userId(3), firstName: 'Child', parentId: parent });
    const model = new SqliteUserReadModel({ file: ':memory:' });
    try {
      await model.apply(log.events);
      // One batch with enough users to be read ahead: the parent moves under the root, then its stored child changes.
      const mark = log.events.length;
      for (let n = 10; n < 20; n++) log.create({ userId: userId(n), firstName: `Other ${n}` });
      log.link(parent, root);
      log.update(child, { firstName: 'Moved child' });
      await model.apply(log.since(mark));

      const moved = await model.getUser(TENANT, child);
      expect(moved?.firstName).toBe('Moved child');
      expect(moved?.ancestors).toEqual([root, parent]);
      expect((await model.descendants(TENANT, root, { limit: 10 })).items.map(({ id }) => id)).toEqual([parent, child]);
    } finally {
      await model.close();
    }
  });

  it('leaves no checkpoint and gets its indexes back on the next open when a bulk load was interrupted', async () => {
    const temporary = temporaryFolder();
    const file = join(temporary.folder, 'read-model.sqlite');
    const indexes = (): number => {
      const db = new Database(file, { readonly: true });
      try {
        const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all() as string[];
        return SECONDARY_INDEXES.filter(({ name }) => names.includes(name)).length;
      } finally {
        db.close();
      }
    };
    const log = new UserEventLog();
    log.create({ userId: userId(1), firstName: 'Ada' });
    try {
      const first = new SqliteUserReadModel({ file });
      expect(indexes()).toBe(SECONDARY_INDEXES.length);
      await first.beginBulkLoad();
      await first.apply(log.events);
      expect(indexes()).toBe(1); // the path index stays
      expect(await first.checkpoint()).toBeNull();
      await first.close(); // without endBulkLoad, as after a crash

      const reopened = new SqliteUserReadModel({ file });
      expect(indexes()).toBe(SECONDARY_INDEXES.length);
      expect(await reopened.checkpoint()).toBeNull();
      await reopened.close();
    } finally {
      temporary.remove();
    }
  });

  it('leaves no byte of an erased user in the database file, its WAL or its shared memory', async () => {
    const temporary = temporaryFolder();
    const file = join(temporary.folder, 'read-model.sqlite');
    // Lower-case letters and digits: the search columns fold case, so each copy is the marker itself.
    const marker = `zq${Date.now().toString(36)}x`;
    const mobile = `77${Date.now()}`.slice(0, 12);
    const filesHolding = (needle: string): string[] =>
      ['', '-wal', '-shm']
        .map((suffix) => file + suffix)
        .filter((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(needle)));
    const log = new UserEventLog();
    log.create({ userId: userId(1), firstName: 'Kept', lastName: 'Neighbour', email: 'kept@neighbour.test' });
    const erased = log.create({
      userId: userId(2),
      userName: `${marker}user`,
      firstName: marker,
      lastName: `${marker}last`,
      email: `${marker}@mail.test`,
      mobile,
      parentId: userId(1),
      roles: [{ code: 'EMPLOYEE', tenantId: TENANT }],
    });
    log.update(erased, { firstName: `${marker}renamed` });
    const readModel = new SqliteUserReadModel({ file });
    try {
      await readModel.apply(log.events);
      // Present before the erasure, so the scan below can fail.
      expect(filesHolding(marker)).not.toEqual([]);
      expect(filesHolding(mobile)).not.toEqual([]);

      await readModel.apply([log.erase(erased)]);
      await readModel.whenCompacted();

      expect(await settled(() => filesHolding(marker))).toEqual([]);
      expect(await settled(() => filesHolding(mobile))).toEqual([]);
      expect(filesHolding('kept@neighbour.test')).not.toEqual([]);
      expect(await readModel.getUser(TENANT, userId(1))).toMatchObject({ firstName: 'Kept' });
    } finally {
      await readModel.close();
      temporary.remove();
    }
  });
});

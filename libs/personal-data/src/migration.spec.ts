import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@roster/event-store';
import { SqliteEventStore } from '@roster/event-store/sqlite';
import type { EventRewrite, RecordedEvent } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { EncryptingEventStore } from './encrypting-event-store';
import { KeyRing } from './key-ring';
import { InMemoryKeyStore } from './memory';
import { migrateToEncrypted, MIGRATION_STREAM } from './migration';
import { rosterPersonalData } from './personal-data-policy';
import { PersonalDataVault } from './personal-data-vault';

const MARKER = 'Prevmarker';

/** A log as a Roster from before encryption wrote it: plain fields, plain stream names. */
async function plainLog(raw: EventStore, users: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < users; i++) {
    const userId = randomUUID();
    ids.push(userId);
    await raw.appendMany([
      {
        stream: `user-${userId}`,
        events: [
          {
            type: 'UserCreated',
            data: {
              userId,
              tenantId: 'pb',
              userType: 'CITIZEN',
              userName: `${MARKER}${i}`,
              profile: { name: `${MARKER} ${i}` },
              at: 'a',
            },
          },
          { type: 'LoginFailed', data: { userId, at: 'b' } },
        ],
        expectedRevision: 'no_stream',
      },
      {
        stream: `username-pb-CITIZEN-${MARKER.toLowerCase()}${i}`,
        events: [
          { type: 'UserNameReserved', data: { userId, userName: `${MARKER.toLowerCase()}${i}`, tenantId: 'pb' } },
        ],
        expectedRevision: 'no_stream',
      },
    ]);
  }
  return ids;
}

function encryptingOver(raw: EventStore, keys: InMemoryKeyStore) {
  return new EncryptingEventStore(
    raw,
    new PersonalDataVault(keys, new KeyRing(Buffer.alloc(32, 5))),
    rosterPersonalData,
  );
}

const textOf = (events: RecordedEvent[]) => JSON.stringify(events.map(({ stream, data }) => ({ stream, data })));

describe('migrateToEncrypted', () => {
  it('encrypts a plain log in place, which then reads as it did, and does nothing the second time', async () => {
    const raw = new InMemoryEventStore();
    const ids = await plainLog(raw, 1_500);
    const keys = new InMemoryKeyStore();
    const store = encryptingOver(raw, keys);

    expect(await migrateToEncrypted(raw, store)).toEqual({ rewritten: 3_000, resumed: false }); // LoginFailed holds nothing personal

    expect(textOf(await raw.readAll(null, 10_000))).not.toMatch(new RegExp(MARKER, 'i'));
    const [created] = await store.readStream(`user-${ids[7]}`);
    expect(created?.data).toEqual(
      expect.objectContaining({ userName: `${MARKER}7`, profile: { name: `${MARKER} 7` } }),
    );
    expect(await store.readStream(`username-pb-CITIZEN-${MARKER.toLowerCase()}7`)).toHaveLength(1);
    expect(await migrateToEncrypted(raw, encryptingOver(raw, keys))).toEqual({ rewritten: 0, resumed: false });
  });

  it('resumes after an interruption where it stopped, rewriting nothing twice', async () => {
    const raw = new InMemoryEventStore();
    await plainLog(raw, 600); // 1,800 events: two batches
    const keys = new InMemoryKeyStore();
    const rewrite = raw.rewrite.bind(raw);
    let calls = 0;
    raw.rewrite = async (rewrites: EventRewrite[]) => {
      if (++calls === 2) throw new Error('killed');
      return rewrite(rewrites);
    };

    await expect(migrateToEncrypted(raw, encryptingOver(raw, keys))).rejects.toThrow('killed');
    raw.rewrite = rewrite;
    const resumed = await migrateToEncrypted(raw, encryptingOver(raw, keys));

    const steps = await raw.readStream(MIGRATION_STREAM);
    expect(steps.map((step) => step.data.completed)).toEqual([false, false, true]);
    expect(resumed.resumed).toBe(true);
    expect((steps[0]?.data.rewritten as number) + resumed.rewritten).toBe(1_200);
    expect(textOf(await raw.readAll(null, 10_000))).not.toMatch(new RegExp(MARKER, 'i'));
  });

  it('leaves no byte of the plain events in the SQLite files (rows moved by the rewrite included)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-migration-'));
    try {
      const file = join(dir, 'events.sqlite');
      const raw = new SqliteEventStore({ file, backgroundCheckpoints: false });
      await plainLog(raw, 2_000);
      const filesText = () =>
        ['', '-wal', '-shm']
          .map((suffix) => file + suffix)
          .filter(existsSync)
          .map((path) => readFileSync(path).toString('latin1'))
          .join('');
      expect(filesText()).toContain(MARKER);

      await migrateToEncrypted(raw, encryptingOver(raw, new InMemoryKeyStore()));

      expect(filesText()).not.toMatch(new RegExp(MARKER, 'i'));
      await raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks an empty store as encrypted from the start', async () => {
    const raw = new InMemoryEventStore();
    expect(await migrateToEncrypted(raw, encryptingOver(raw, new InMemoryKeyStore()))).toEqual({
      rewritten: 0,
      resumed: false,
    });
    expect(await raw.readStream(MIGRATION_STREAM)).toHaveLength(1);
  });
});

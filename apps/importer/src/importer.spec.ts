import { loadConfig } from '@roster/config';
import {
  evolveUser,
  initialUserState,
  mobileNumberStream,
  NUMERIC_USER_ID_SEQUENCE_STREAM,
  userNameStream,
  userStream,
} from '@roster/domain';
import type { EventStore } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import type { ImportCandidate, ImportSource, SourceBatch, SourceRecord } from './import-source';
import { checkpointStreamOf, ConcurrentImportError, runImport } from './importer';
import type { ImportReport } from './report';
import { formatReport } from './report';

const config = loadConfig({});
let serial = 0;

function candidate(overrides: Partial<ImportCandidate> = {}): ImportCandidate {
  serial += 1;
  const hex = serial.toString(16).padStart(12, '0');
  return {
    userId: `00000000-0000-4000-8000-${hex}`,
    tenantId: 'pb',
    userType: 'CITIZEN',
    userName: `98765${String(serial).padStart(5, '0')}`,
    numericId: serial,
    profile: { firstName: 'Asha', lastName: 'Kaur', mobile: `98765${String(serial).padStart(5, '0')}` },
    roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
    active: true,
    parentId: null,
    passwordHash: null,
    passwordChangedAt: null,
    lockedUntil: null,
    otpVerified: false,
    createdBy: null,
    lastModifiedBy: null,
    createdAt: '2025-01-02T03:04:05.006Z',
    updatedAt: '2025-01-02T03:04:05.006Z',
    ...overrides,
  };
}

const mapped = (candidate: ImportCandidate, warnings: SourceRecord['warnings'] = []): SourceRecord => ({
  sourceId: String(candidate.numericId ?? candidate.userId),
  candidate,
  refused: null,
  warnings,
});

/** A source over a fixed list, in batches of `size`; `resumeAfter` is the index of the batch's last record. */
class ListSource implements ImportSource {
  readonly kind = 'egov' as const;
  closed = false;

  constructor(
    readonly records: SourceRecord[],
    readonly identity = 'list',
    private readonly beforeBatch: (index: number) => Promise<void> = async () => {},
  ) {}

  async count(): Promise<number> {
    return this.records.length;
  }

  async maxNumericId(): Promise<number | null> {
    const ids = this.records.map((record) => record.candidate?.numericId ?? 0);
    return ids.length ? Math.max(...ids) : null;
  }

  async *batches(after: string | null, size: number): AsyncIterable<SourceBatch> {
    for (let start = after === null ? 0 : Number(after) + 1; start < this.records.length; start += size) {
      await this.beforeBatch(start);
      const records = this.records.slice(start, start + size);
      yield { records, resumeAfter: String(start + records.length - 1) };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

async function userOf(store: EventStore, userId: string) {
  return (await store.aggregate(userStream(userId), evolveUser, initialUserState)).state;
}

function reasonsOf(report: ImportReport): Array<[string, string | null]> {
  return report.skipped.map((problem) => [problem.reason, problem.userId]);
}

describe('runImport', () => {
  it('writes each user with its reservations and numeric id, and continues the id sequence above the source', async () => {
    const store = new InMemoryEventStore();
    const employee = candidate({
      userType: 'EMPLOYEE',
      userName: 'EMP-1',
      roles: [{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }],
    });
    const citizen = candidate();
    const source = new ListSource([mapped(employee), mapped(citizen)]);

    const report = await runImport({ store, source, config, batchSize: 1 });

    expect(report).toMatchObject({
      status: 'complete',
      runs: 1,
      resumed: false,
      read: 2,
      imported: 2,
      alreadyPresent: 0,
    });
    const user = await userOf(store, citizen.userId);
    expect(user).toMatchObject({ status: 'existing', numericId: citizen.numericId, userName: citizen.userName });
    expect(await store.readStream(userNameStream('pb', 'EMPLOYEE', 'emp-1'))).toHaveLength(1);
    expect(await store.readStream(mobileNumberStream('pb', citizen.profile.mobile as string))).toHaveLength(1);
    expect((await store.readStream(userStream(citizen.userId)))[0].metadata).toEqual({
      schemaVersion: 1,
      tenantId: 'pb',
    });
    const [block] = await store.readStream(NUMERIC_USER_ID_SEQUENCE_STREAM);
    expect(block.data).toEqual({ first: 1, last: citizen.numericId, importedBy: checkpointStreamOf(source) });
    expect(report.numericIds.reservedBlock).toEqual({ first: 1, last: citizen.numericId });
  });

  it('is idempotent: a second run reads after the last checkpoint and reports the whole import', async () => {
    const store = new InMemoryEventStore();
    const source = new ListSource([mapped(candidate()), mapped(candidate())]);
    await runImport({ store, source, config });
    const positionBefore = await store.headPosition();

    const again = await runImport({ store, source, config });

    expect(again).toMatchObject({ runs: 2, resumed: true, read: 2, imported: 2 });
    expect(again.thisRun).toMatchObject({ read: 0, imported: 0 });
    expect(again.numericIds.reservedBlock).toBeNull();
    // Only the second run's start is written.
    const written = await store.readAll(positionBefore, 10);
    expect(written.map((event) => event.type)).toEqual(['ImportRunStarted']);
  });

  it('skips the second claimant of a userName (case-insensitively) or of a citizen mobile number', async () => {
    const store = new InMemoryEventStore();
    const first = candidate({ userType: 'EMPLOYEE', userName: 'Asha.K' });
    const sameName = candidate({ userType: 'EMPLOYEE', userName: ' asha.k ' });
    const otherType = candidate({ userType: 'SYSTEM', userName: 'asha.k' });
    const citizen = candidate();
    const sameMobile = candidate({ userName: 'another', profile: { ...citizen.profile } });
    const source = new ListSource([first, sameName, otherType, citizen, sameMobile].map((c) => mapped(c)));

    const report = await runImport({ store, source, config, batchSize: 2 });

    expect(reasonsOf(report)).toEqual([
      ['user_name_taken', sameName.userId],
      ['mobile_number_taken', sameMobile.userId],
    ]);
    expect(report.imported).toBe(3);
    expect((await userOf(store, sameName.userId)).status).toBe('absent');
    expect(formatReport(report)).toContain('user_name_taken: 1');
  });

  it('skips a user whose userName Roster gave out already, and imports the rest of its batch', async () => {
    const store = new InMemoryEventStore();
    const taken = candidate({ userType: 'EMPLOYEE', userName: 'admin' });
    const holder = '11111111-1111-4111-8111-111111111111';
    await store.append(
      userNameStream('pb', 'EMPLOYEE', 'admin'),
      [
        {
          type: 'UserNameReserved',
          data: {
            tenantId: 'pb',
            userType: 'EMPLOYEE',
            userName: 'admin',
            userId: holder,
            at: new Date().toISOString(),
          },
        },
      ],
      'no_stream',
    );
    const fine = candidate();
    const source = new ListSource([mapped(taken), mapped(fine)]);

    const report = await runImport({ store, source, config });

    expect(reasonsOf(report)).toEqual([['user_name_taken', taken.userId]]);
    expect(report).toMatchObject({ read: 2, imported: 1 });
    expect((await userOf(store, fine.userId)).status).toBe('existing');
    expect((await userOf(store, taken.userId)).status).toBe('absent');
  });

  it('counts users the store already holds (another import of them) as present, not skipped', async () => {
    const store = new InMemoryEventStore();
    const users = [candidate(), candidate()];
    await runImport({
      store,
      source: new ListSource(
        users.map((c) => mapped(c)),
        'first',
      ),
      config,
    });
    const newcomer = candidate();

    const report = await runImport({
      store,
      source: new ListSource(
        [...users, newcomer].map((c) => mapped(c)),
        'second',
      ),
      config,
    });

    expect(report).toMatchObject({ read: 3, imported: 1, alreadyPresent: 2, skipped: [] });
  });

  it('keeps numeric ids only inside the blocks the import reserved', async () => {
    const store = new InMemoryEventStore();
    await store.append(
      NUMERIC_USER_ID_SEQUENCE_STREAM,
      [{ type: 'IdBlockReserved', data: { first: 1, last: 100 } }],
      'no_stream',
    );
    const below = candidate({ numericId: 50 });
    const above = candidate({ numericId: 150 });
    const invalid = candidate({ numericId: 0 });
    const twice = candidate({ numericId: 150 });
    const source = new ListSource([below, above, invalid, twice].map((c) => mapped(c)));

    const report = await runImport({ store, source, config });

    expect(reasonsOf(report)).toEqual([
      ['numeric_id_reserved', below.userId],
      ['invalid_numeric_id', invalid.userId],
      ['duplicate_numeric_id', twice.userId],
    ]);
    expect(report.numericIds).toEqual({ lastReservedBefore: 100, reservedBlock: { first: 101, last: 150 } });
    const sequence = await store.readStream(NUMERIC_USER_ID_SEQUENCE_STREAM);
    expect(sequence.at(-1)?.data).toEqual({ first: 101, last: 150, importedBy: checkpointStreamOf(source) });
  });

  it('reports records the source refused, invalid candidates and warnings', async () => {
    const store = new InMemoryEventStore();
    const warned = candidate();
    const records: SourceRecord[] = [
      {
        sourceId: '7',
        candidate: null,
        refused: { reason: 'invalid_uuid', field: 'uuid', message: 'must be a uuid' },
        warnings: [],
      },
      mapped(candidate({ userType: 'NOBODY' as never })),
      mapped(warned, [{ reason: 'password_hash_unsupported', field: 'password', message: 'not BCrypt' }]),
    ];

    const report = await runImport({ store, source: new ListSource(records), config });

    expect(report.skippedByReason).toEqual({ invalid_uuid: 1, invalid_user_type: 1 });
    expect(report.skipped[0]).toEqual({
      sourceId: '7',
      userId: null,
      userName: null,
      tenantId: null,
      reason: 'invalid_uuid',
      field: 'uuid',
      message: 'must be a uuid',
    });
    expect(report.warnings).toEqual([
      expect.objectContaining({ userId: warned.userId, reason: 'password_hash_unsupported' }),
    ]);
    expect(report.imported).toBe(1);
  });

  it('imports a child after its parent and skips one whose parent is missing', async () => {
    const store = new InMemoryEventStore();
    const parent = candidate({ userType: 'EMPLOYEE', userName: 'boss' });
    const child = candidate({ userType: 'EMPLOYEE', userName: 'clerk', parentId: parent.userId });
    const orphan = candidate({
      userType: 'EMPLOYEE',
      userName: 'orphan',
      parentId: '22222222-2222-4222-8222-222222222222',
    });

    const report = await runImport({
      store,
      source: new ListSource([parent, child, orphan].map((c) => mapped(c))),
      config,
    });

    expect(reasonsOf(report)).toEqual([['parent_not_found', orphan.userId]]);
    expect(await userOf(store, child.userId)).toMatchObject({ parentId: parent.userId });
  });

  it('stops between batches when aborted, and a resumed run ends where an uninterrupted one does', async () => {
    const users = Array.from({ length: 5 }, () => candidate());
    const records = users.map((c) => mapped(c));
    const controller = new AbortController();
    const store = new InMemoryEventStore();
    const progress: number[] = [];

    const first = await runImport({
      store,
      source: new ListSource(records),
      config,
      batchSize: 2,
      signal: controller.signal,
      onProgress: ({ read }) => {
        progress.push(read);
        if (read === 2) controller.abort();
      },
    });
    expect(first).toMatchObject({ status: 'interrupted', read: 2, imported: 2 });

    const resumed = await runImport({
      store,
      source: new ListSource(records),
      config,
      batchSize: 2,
      onProgress: ({ read }) => progress.push(read),
    });
    expect(resumed).toMatchObject({ status: 'complete', runs: 2, resumed: true, read: 5, imported: 5 });
    expect(progress).toEqual([0, 2, 2, 4, 5]);
    for (const user of users) expect((await userOf(store, user.userId)).status).toBe('existing');
  });

  it('drops a batch read while the stop was asked for: it is read again by the next run', async () => {
    const records = [candidate(), candidate(), candidate()].map((c) => mapped(c));
    const controller = new AbortController();
    const store = new InMemoryEventStore();
    const source = new ListSource(records, 'list', async (index) => {
      if (index === 2) controller.abort();
    });

    const report = await runImport({ store, source, config, batchSize: 2, signal: controller.signal });

    expect(report).toMatchObject({ status: 'interrupted', read: 2, imported: 2 });
    expect((await userOf(store, records[2].candidate!.userId)).status).toBe('absent');
    const resumed = await runImport({ store, source: new ListSource(records), config, batchSize: 2 });
    expect(resumed).toMatchObject({ status: 'complete', read: 3, imported: 3 });
  });

  it('stops with a clear error when another run of the same import writes meanwhile, writing nothing more', async () => {
    const store = new InMemoryEventStore();
    const records = [candidate(), candidate()].map((c) => mapped(c));
    const stream = checkpointStreamOf({ kind: 'egov', identity: 'list' });
    const source = new ListSource(records, 'list', async (index) => {
      if (index === 1) {
        const events = await store.readStream(stream);
        await store.append(
          stream,
          [{ type: 'ImportRunStarted', data: { runId: 'other', resumeAfter: null, at: '' } }],
          events.length - 1,
        );
      }
    });

    await expect(runImport({ store, source, config, batchSize: 1 })).rejects.toThrow(ConcurrentImportError);
    expect((await userOf(store, records[0].candidate!.userId)).status).toBe('existing');
    expect((await userOf(store, records[1].candidate!.userId)).status).toBe('absent');
  });
});

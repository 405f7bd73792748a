import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceBatch } from '../import-source';
import type { ExportedUser, ExportHeader } from './export-format';
import { RosterExportSource } from './roster-export-source';

const HEADER: ExportHeader = {
  format: 'roster-users',
  version: 1,
  exportedAt: '2026-12-01T00:00:00.000Z',
  tenants: null,
  users: 4,
};

function user(n: number, tenantId: string, numericId: number | null, parentId: string | null = null): ExportedUser {
  return {
    id: idOf(n),
    numericId,
    tenantId,
    userType: 'EMPLOYEE',
    userName: `user${n}`,
    profile: { firstName: 'F', lastName: `L${n}`, address: { city: 'Amritsar' } },
    roles: [{ code: 'EMPLOYEE', tenantId }],
    active: true,
    parentId,
    passwordHash: '$2a$10$abcdefghijklmnopqrstuu',
    passwordChangedAt: '2026-11-01T00:00:00.000Z',
    passwordExpiryApplies: false,
    lockedUntil: null,
    otpVerified: false,
    createdBy: null,
    lastModifiedBy: null,
    createdAt: '2026-10-01T00:00:00.000Z',
    updatedAt: '2026-10-02T00:00:00.000Z',
  };
}

function idOf(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

const USERS = [user(1, 'pb', 17), user(2, 'pb.amritsar', 912, idOf(1)), user(3, 'mh', null), user(4, 'pb', 40)];

describe('RosterExportSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-export-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function exportFile(name: string, lines: string[], header: ExportHeader = HEADER): string {
    const file = join(dir, name);
    writeFileSync(file, [JSON.stringify(header), ...lines, ''].join('\n'));
    return file;
  }

  async function allBatches(source: RosterExportSource, after: string | null, size: number): Promise<SourceBatch[]> {
    const batches: SourceBatch[] = [];
    for await (const batch of source.batches(after, size)) batches.push(batch);
    return batches;
  }

  it('maps every line to a candidate, in file order, numbered by line, with the count of the header', async () => {
    const source = new RosterExportSource(
      exportFile(
        'all.jsonl',
        USERS.map((u) => JSON.stringify(u)),
      ),
      {
        tenants: [],
      },
    );
    expect(source.kind).toBe('roster');
    expect(await source.count()).toBe(4);
    expect(await source.maxNumericId()).toBe(912);
    const batches = await allBatches(source, null, 3);
    expect(batches.map((batch) => [batch.records.map((record) => record.sourceId), batch.resumeAfter])).toEqual([
      [['2', '3', '4'], '4'],
      [['5'], '5'],
    ]);
    const { id, ...rest } = USERS[1];
    expect(batches[0].records[1]).toEqual({
      sourceId: '3',
      candidate: { userId: id, ...rest },
      refused: null,
      warnings: [],
    });
    await source.close();
  });

  it('resumes after a line: the lines a written batch covered are not read again', async () => {
    const source = new RosterExportSource(
      exportFile(
        'resume.jsonl',
        USERS.map((u) => JSON.stringify(u)),
      ),
      {
        tenants: [],
      },
    );
    const batches = await allBatches(source, '3', 10);
    expect(batches).toHaveLength(1);
    expect(batches[0].records.map((record) => record.candidate?.userId)).toEqual([idOf(3), idOf(4)]);
    expect(await allBatches(source, '5', 10)).toEqual([]);
    await expect(allBatches(source, 'x', 10)).rejects.toThrow('not a line of an export: x');
  });

  it('with tenants reads only those tenants and their sub-tenants, and counts and scans only them', async () => {
    const source = new RosterExportSource(
      exportFile(
        'pb.jsonl',
        USERS.map((u) => JSON.stringify(u)),
      ),
      {
        tenants: ['pb'],
      },
    );
    expect(await source.count()).toBe(3);
    const [batch] = await allBatches(source, null, 10);
    expect(batch.records.map((record) => record.candidate?.tenantId)).toEqual(['pb', 'pb.amritsar', 'pb']);
    const mh = new RosterExportSource(
      exportFile(
        'mh.jsonl',
        USERS.map((u) => JSON.stringify(u)),
      ),
      {
        tenants: ['mh'],
      },
    );
    expect([await mh.count(), await mh.maxNumericId()]).toEqual([1, null]);
  });

  it('refuses a bad line as invalid_record naming the field, and goes on with the next', async () => {
    const lines = [
      JSON.stringify(USERS[0]),
      '{"id": "cut short',
      JSON.stringify({ ...USERS[1], roles: [{ code: 'EMPLOYEE' }] }),
      '',
      JSON.stringify(USERS[3]),
    ];
    const source = new RosterExportSource(exportFile('bad.jsonl', lines), { tenants: [] });
    const [batch] = await allBatches(source, null, 10);
    expect(batch.records.map((record) => [record.sourceId, record.refused?.field ?? null])).toEqual([
      ['2', null],
      ['3', null],
      ['4', 'roles'],
      ['6', null],
    ]);
    expect(batch.records[1].refused).toEqual({
      reason: 'invalid_record',
      field: null,
      message: 'the line is not JSON',
    });
    expect(batch.records[3].candidate?.userId).toBe(idOf(4));
    expect(batch.resumeAfter).toBe('6');
  });

  it('names the import by content, not by path: a moved file keeps its identity, another file or tenant does not', () => {
    const lines = USERS.map((u) => JSON.stringify(u));
    const first = exportFile('moved.jsonl', lines);
    const identity = new RosterExportSource(first, { tenants: [] }).identity;
    renameSync(first, join(dir, 'elsewhere.jsonl'));
    expect(new RosterExportSource(join(dir, 'elsewhere.jsonl'), { tenants: [] }).identity).toBe(identity);
    expect(new RosterExportSource(join(dir, 'elsewhere.jsonl'), { tenants: ['pb'] }).identity).not.toBe(identity);
    const later = exportFile('later.jsonl', lines, { ...HEADER, exportedAt: '2026-12-02T00:00:00.000Z' });
    expect(new RosterExportSource(later, { tenants: [] }).identity).not.toBe(identity);
    expect(identity).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a file that is not a Roster export of this version', () => {
    expect(
      () => new RosterExportSource(exportFile('csv.jsonl', [], { ...HEADER, version: 2 as 1 }), { tenants: [] }),
    ).toThrow('version 2');
    const notJson = join(dir, 'not-json.txt');
    writeFileSync(notJson, 'id,name\n1,x\n');
    expect(() => new RosterExportSource(notJson, { tenants: [] })).toThrow('not a Roster export');
    const noLine = join(dir, 'no-line.txt');
    writeFileSync(noLine, '');
    expect(() => new RosterExportSource(noLine, { tenants: [] })).toThrow('no header line');
  });
});

import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ImportSource, SourceBatch, SourceRecord } from '../import-source';
import type { ExportHeader } from './export-format';
import { candidateOf, parseHeader, parseUserLine, tenantSelector } from './export-format';

/** The header line is short; a first line longer than this is not a Roster export. */
const MAX_HEADER_BYTES = 64 * 1024;

interface Scan {
  count: number;
  maxNumericId: number | null;
}

/**
 * A Roster export file (`npm run export`) as an import source. Its position is a line number (the header is
 * line 1): a resumed import skips the lines a written batch covered. With tenants, only users of those tenants
 * (and their sub-tenants) are read; the others are passed over as if absent.
 */
export class RosterExportSource implements ImportSource {
  readonly kind = 'roster' as const;
  readonly identity: string;
  readonly header: ExportHeader;
  private readonly selected: (tenantId: string) => boolean;
  private readonly filtered: boolean;
  private readonly open = new Set<ReadStream>();
  private scanned: Promise<Scan> | null = null;

  constructor(
    private readonly path: string,
    options: { tenants: string[] },
  ) {
    const headerLine = readFirstLine(path);
    this.header = parseHeader(headerLine);
    this.selected = tenantSelector(options.tenants);
    this.filtered = options.tenants.length > 0;
    // The file's content, not its path, names the import: a moved or renamed export resumes where it stopped;
    // another tenant selection of the same file is another import.
    this.identity = createHash('sha256')
      .update(`${headerLine}\n${statSync(path).size}\n${[...options.tenants].sort().join(',')}`)
      .digest('hex');
  }

  async count(): Promise<number | null> {
    return this.filtered ? (await this.scan()).count : this.header.users;
  }

  async maxNumericId(): Promise<number | null> {
    return (await this.scan()).maxNumericId;
  }

  async *batches(after: string | null, size: number): AsyncIterable<SourceBatch> {
    const skipThrough = after === null ? 1 : Number(after);
    if (!Number.isInteger(skipThrough) || skipThrough < 1) throw new Error(`not a line of an export: ${after}`);
    let records: SourceRecord[] = [];
    for await (const { number, line } of this.userLines()) {
      if (number <= skipThrough) continue;
      const record = this.recordOf(number, line);
      if (record === null) continue;
      records.push(record);
      if (records.length >= size) {
        yield { records, resumeAfter: String(number) };
        records = [];
      }
    }
    if (records.length > 0) yield { records, resumeAfter: records[records.length - 1].sourceId };
  }

  async close(): Promise<void> {
    for (const stream of this.open) stream.destroy();
    this.open.clear();
  }

  /** The record of a user line, or null when the line is blank or its user is of a tenant not asked for. */
  private recordOf(number: number, line: string): SourceRecord | null {
    const sourceId = String(number);
    const parsed = parseUserLine(line);
    if (parsed.user) {
      if (!this.selected(parsed.user.tenantId)) return null;
      return { sourceId, candidate: candidateOf(parsed.user), refused: null, warnings: [] };
    }
    const tenantId = rawTenantOf(line);
    if (tenantId !== null && !this.selected(tenantId)) return null;
    return { sourceId, candidate: null, refused: parsed.problem, warnings: [] };
  }

  /** One pass over the file for the figures the header cannot give (a tenant selection's count, the highest id). */
  private scan(): Promise<Scan> {
    this.scanned ??= (async () => {
      const scan: Scan = { count: 0, maxNumericId: null };
      for await (const { line, number } of this.userLines()) {
        const record = this.recordOf(number, line);
        if (record === null) continue;
        scan.count++;
        const numericId = record.candidate?.numericId ?? null;
        if (numericId !== null && (scan.maxNumericId === null || numericId > scan.maxNumericId))
          scan.maxNumericId = numericId;
      }
      return scan;
    })();
    return this.scanned;
  }

  /** The non-blank lines after the header, numbered as in the file. */
  private async *userLines(): AsyncGenerator<{ number: number; line: string }> {
    const stream = createReadStream(this.path, { encoding: 'utf8' });
    this.open.add(stream);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let number = 0;
    try {
      for await (const line of lines) {
        number++;
        if (number === 1 || line.trim() === '') continue;
        yield { number, line };
      }
    } finally {
      lines.close();
      stream.destroy();
      this.open.delete(stream);
    }
  }
}

function readFirstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_HEADER_BYTES);
    const read = readSync(fd, buffer, 0, MAX_HEADER_BYTES, 0);
    const end = buffer.subarray(0, read).indexOf(0x0a);
    if (end === -1) throw new Error(`${path} is not a Roster export: no header line`);
    return buffer.subarray(0, end).toString('utf8').replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

/** The tenant a refused line names, when it names one, so that a tenant selection passes over it too. */
function rawTenantOf(line: string): string | null {
  try {
    const value: unknown = JSON.parse(line);
    const tenantId = (value as { tenantId?: unknown } | null)?.tenantId;
    return typeof tenantId === 'string' ? tenantId : null;
  } catch {
    return null;
  }
}

import type { UserImported } from '@roster/domain';

/** A user as a source holds it, mapped to Roster's shape; the importer adds `source` and `at`. */
export type ImportCandidate = Omit<UserImported['data'], 'source' | 'at'>;

/** Why a source record is not imported (or imported with less than it held): a code, the field at fault, a sentence. */
export interface ImportProblem {
  reason: string;
  field: string | null;
  message: string;
}

/** One record of the source: mapped, or refused already while mapping (an unreadable row, an invalid field). */
export interface SourceRecord {
  /** The record's key in the source (egov-user's numeric id, a line number of an export), for the report. */
  sourceId: string;
  /** Set when the record was mapped; `refused` is then null. */
  candidate: ImportCandidate | null;
  refused: ImportProblem | null;
  /** Imported, but something was left behind (e.g. an unsupported password hash): listed in the report. */
  warnings: ImportProblem[];
}

/** A slice of the source in its own stable order; `resumeAfter` is where the next run starts once this one is written. */
export interface SourceBatch {
  records: SourceRecord[];
  /** Opaque to the importer: the source's position after the batch's last record. */
  resumeAfter: string;
}

/**
 * Where an import reads from: an egov-user PostgreSQL database or a Roster export file. Sources read in a stable
 * order so that a run resumed `after` a written batch continues exactly where the crashed run stopped.
 */
export interface ImportSource {
  readonly kind: 'egov' | 'roster';
  /** Stable across runs against the same source (not a credential): names the import's checkpoint stream. */
  readonly identity: string;
  /** How many records the source holds (for progress), or null when unknown. */
  count(): Promise<number | null>;
  /** The highest numeric id among the records, or null when none has one: the id sequence continues above it. */
  maxNumericId(): Promise<number | null>;
  /** The records after `after` (null: from the start), `size` at a time. */
  batches(after: string | null, size: number): AsyncIterable<SourceBatch>;
  close(): Promise<void>;
}

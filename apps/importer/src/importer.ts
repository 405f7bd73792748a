import { createHash, randomUUID } from 'node:crypto';
import type { RosterConfig } from '@roster/config';
import {
  decideMobileNumberReservation,
  decideUser,
  decideUserNameReservation,
  DomainError,
  EGOV_FIELD_PATTERNS,
  freeMobileNumber,
  freeUserName,
  initialUserState,
  mobileNumberStream,
  USER_TYPES,
  userNameStream,
  userStream,
} from '@roster/domain';
import type { ImportUser } from '@roster/domain';
import type { EventStore, StreamAppend } from '@roster/event-store';
import { unchangedSince, WrongExpectedRevisionError } from '@roster/event-store';
// The user-service's own reservation and user-stream code, so imported users are claimed exactly as created ones.
import { BatchClaims, Reservations, UserStreams } from '@roster/user-service';
import type { ImportCandidate, ImportProblem, ImportSource, SourceRecord } from './import-source';
import { ImportIds } from './import-ids';
import type {
  ImportBatchWritten,
  ImportCheckpointEvent,
  ImportReport,
  ImportRunStarted,
  ReportedProblem,
} from './report';
import { importReportOf } from './report';

export const DEFAULT_BATCH_SIZE = 1000;

export interface ImportProgress {
  /** Records read so far, by every run of the import (so a resumed run's bar starts where the last one ended). */
  read: number;
  imported: number;
  /** The source's record count, or null when it cannot tell. */
  total: number | null;
}

export interface ImportOptions {
  store: EventStore;
  source: ImportSource;
  config: RosterConfig;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops the run between two batches: the batch being written is written whole or not at all. */
  signal?: AbortSignal;
}

/** Another run of the same import wrote to its checkpoint stream: this one stops so that only one writes. */
export class ConcurrentImportError extends Error {
  constructor(checkpointStream: string) {
    super(
      `another run of this import is writing (its checkpoint stream ${checkpointStream} changed under this run); ` +
        'this run stopped without writing its batch. Let the other run finish, or run the import again to resume.',
    );
    this.name = 'ConcurrentImportError';
  }
}

/**
 * The stream of an import's checkpoints, one per source (kind and identity). Never `user-…`: the projector and the
 * relay read every such stream as a user's.
 */
export function checkpointStreamOf(source: Pick<ImportSource, 'kind' | 'identity'>): string {
  const hash = createHash('sha256').update(source.identity).digest('hex').slice(0, 16);
  return `import-${source.kind}-${hash}`;
}

/**
 * Brings the source's users into the store, batch by batch. Each batch — its users' streams, their userName and
 * mobile-number reservations, and a checkpoint — is one atomic append, so a run stopped at any point (Ctrl-C, a
 * crash) leaves whole batches only, and the next run continues after the last checkpoint. Users already in the
 * store are counted, not written again; users breaking one of Roster's invariants are skipped and reported.
 */
export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const { store, source, config, signal } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`);
  const startedAt = new Date();
  const runId = randomUUID();
  const checkpointStream = checkpointStreamOf(source);

  const history = await store.readStream<ImportCheckpointEvent>(checkpointStream);
  const lastBatch = history.filter((event) => event.type === 'ImportBatchWritten').at(-1);
  const resumeAfter = lastBatch?.data.resumeAfter ?? null;
  let checkpointRevision = history.length - 1;
  const started: ImportRunStarted = {
    type: 'ImportRunStarted',
    data: { runId, resumeAfter, at: startedAt.toISOString() },
  };
  checkpointRevision = await appendCheckpoint(store, checkpointStream, checkpointRevision, started);

  const [total, maxNumericId] = await Promise.all([source.count(), source.maxNumericId()]);
  const ids = await ImportIds.reserve(store, checkpointStream, maxNumericId);
  const writer = new BatchWriter(store, config, ids, source.kind, checkpointStream);
  const progress = { read: 0, imported: 0 };
  for (const event of history) {
    if (event.type !== 'ImportBatchWritten') continue;
    progress.read += event.data.read;
    progress.imported += event.data.imported;
  }
  options.onProgress?.({ ...progress, total });

  let status: ImportReport['status'] = 'complete';
  for await (const batch of source.batches(resumeAfter, batchSize)) {
    // Stopped while the batch was being read: it is dropped whole, the next run reads it again.
    if (signal?.aborted) {
      status = 'interrupted';
      break;
    }
    const written = await writer.write(batch.records, batch.resumeAfter, runId, checkpointRevision);
    checkpointRevision = written.checkpointRevision;
    progress.read += written.event.data.read;
    progress.imported += written.event.data.imported;
    options.onProgress?.({ ...progress, total });
    if (signal?.aborted) {
      status = 'interrupted';
      break;
    }
  }

  const events = await store.readStream<ImportCheckpointEvent>(checkpointStream);
  return importReportOf(events, {
    source,
    checkpointStream,
    runId,
    status,
    startedAt,
    endedAt: new Date(),
    numericIds: { lastReservedBefore: ids.lastReservedBefore, reservedBlock: ids.reservedNow },
  });
}

async function appendCheckpoint(
  store: EventStore,
  stream: string,
  revision: number,
  event: ImportCheckpointEvent,
): Promise<number> {
  try {
    const { revisions } = await store.append(stream, [event], unchangedSince(revision));
    return revisions[stream];
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError && error.stream === stream) throw new ConcurrentImportError(stream);
    throw error;
  }
}

/** A candidate that passed the in-memory checks, with its events decided against an absent user. */
interface Accepted {
  sourceId: string;
  candidate: ImportCandidate;
  warnings: ImportProblem[];
  userAppend: StreamAppend;
  /** The reservation appends of the fast path, each expecting its stream not to exist. */
  claims: StreamAppend[];
}

/** Each conflict in the careful path means Roster wrote to a stream of the batch meanwhile; reading again settles it. */
const MAX_CAREFUL_ATTEMPTS = 5;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes batches. The normal path reads nothing from the store: the batch is checked in memory against the
 * import's own claims, then appended expecting every user and reservation stream not to exist. Only when that
 * append meets an existing stream (a user imported before, a name Roster gave out) does the batch take the careful
 * path: each user's stream and reservations read, as the user-service reads them, and appended with exact revisions.
 */
class BatchWriter {
  private readonly userStreams: UserStreams;
  private readonly reservations: Reservations;
  /** Reservation streams claimed by users of this run, and the user that claimed each: the second claimant is skipped. */
  private readonly claimed = new Map<string, string>();
  /** Users of this run that are in the store (imported or already present), with their tenants: known parents. */
  private readonly present = new Map<string, string>();
  /** Users accepted into the batch being written, with their tenants: parents of later users of the batch. */
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly config: RosterConfig,
    private readonly ids: ImportIds,
    private readonly kind: ImportSource['kind'],
    private readonly checkpointStream: string,
  ) {
    this.userStreams = new UserStreams(store);
    this.reservations = new Reservations(store, this.userStreams, config);
  }

  async write(
    records: readonly SourceRecord[],
    resumeAfter: string,
    runId: string,
    checkpointRevision: number,
  ): Promise<{ event: ImportBatchWritten; checkpointRevision: number }> {
    const at = new Date();
    const skipped: ReportedProblem[] = [];
    const accepted: Accepted[] = [];
    const foundPresent: ImportCandidate[] = [];
    this.pending.clear();
    for (const record of records) {
      const outcome = await this.accept(record, at, skipped, foundPresent);
      if (outcome) accepted.push(outcome);
    }
    this.rememberPresent(foundPresent);
    const checkpoint = (
      written: Accepted[],
      alreadyPresent: number,
      careful: ReportedProblem[],
    ): ImportBatchWritten => ({
      type: 'ImportBatchWritten',
      data: {
        runId,
        resumeAfter,
        read: records.length,
        imported: written.length,
        alreadyPresent: foundPresent.length + alreadyPresent,
        skipped: [...skipped, ...careful],
        warnings: written.flatMap((entry) => entry.warnings.map((warning) => reported(entry, warning))),
        at: at.toISOString(),
      },
    });
    const checkpointAppend = (event: ImportBatchWritten): StreamAppend => ({
      stream: this.checkpointStream,
      events: [event],
      expectedRevision: unchangedSince(checkpointRevision),
    });

    const fast = checkpoint(accepted, 0, []);
    try {
      const { revisions } = await this.store.appendMany([
        ...accepted.flatMap((entry) => [entry.userAppend, ...entry.claims]),
        checkpointAppend(fast),
      ]);
      this.remember(accepted);
      return { event: fast, checkpointRevision: revisions[this.checkpointStream] };
    } catch (error) {
      this.rethrowUnlessUserOrClaimConflict(error);
    }

    for (let attempt = 1; ; attempt++) {
      const { written, alreadyPresent, appends, careful } = await this.readCarefully(accepted, at);
      const event = checkpoint(written, alreadyPresent.length, careful);
      try {
        const { revisions } = await this.store.appendMany([...appends, checkpointAppend(event)]);
        this.remember(written);
        this.remember(alreadyPresent);
        for (const entry of careful) this.ids.release(numericIdOf(accepted, entry));
        return { event, checkpointRevision: revisions[this.checkpointStream] };
      } catch (error) {
        if (attempt >= MAX_CAREFUL_ATTEMPTS) throw error;
        this.rethrowUnlessUserOrClaimConflict(error);
      }
    }
  }

  /** The in-memory checks: null (and an entry in `skipped`) when the record is not imported. */
  /** `present` collects the records whose user the store holds already (found while checking their numeric id). */
  private async accept(
    record: SourceRecord,
    at: Date,
    skipped: ReportedProblem[],
    present: ImportCandidate[],
  ): Promise<Accepted | null> {
    const { candidate, sourceId } = record;
    if (!candidate) {
      const refused = record.refused ?? { reason: 'unreadable', field: null, message: 'the source could not read it' };
      skipped.push({ sourceId, userId: null, userName: null, tenantId: null, ...refused });
      return null;
    }
    const skip = (problem: ImportProblem): null => {
      skipped.push(reported({ sourceId, candidate }, problem));
      return null;
    };
    const invalid = fieldProblemOf(candidate);
    if (invalid) return skip(invalid);
    if (this.present.has(candidate.userId) || this.claimed.get(userStream(candidate.userId)) !== undefined) {
      return skip({
        reason: 'duplicate_user_id',
        field: 'userId',
        message: `user id ${candidate.userId} is given to an earlier record of the import`,
      });
    }
    const parentProblem = await this.parentProblemOf(candidate);
    if (parentProblem) return skip(parentProblem);
    const idProblem = this.ids.problemOf(candidate.numericId);
    if (idProblem) {
      // An id outside this import's blocks is expected for a user some other import (or an earlier selection of
      // tenants) brought in already: that user is present, not refused. Only then is its stream read.
      if (idProblem.reason === 'numeric_id_reserved' && (await this.userStreams.load(candidate.userId)).revision >= 0) {
        present.push(candidate);
        return null;
      }
      return skip({ ...idProblem, field: 'numericId' });
    }

    const nameStream =
      candidate.userName === null ? null : userNameStream(candidate.tenantId, candidate.userType, candidate.userName);
    const mobileNumber = this.reservations.mobileNumberToReserve(candidate);
    const mobileStream = mobileNumber === null ? null : mobileNumberStream(candidate.tenantId, mobileNumber);
    const taken = (stream: string | null) => stream !== null && this.claimed.has(stream);
    if (taken(nameStream) || taken(mobileStream)) {
      this.ids.release(candidate.numericId);
      return taken(nameStream)
        ? skip({
            reason: 'user_name_taken',
            field: 'userName',
            message: `userName "${candidate.userName}" is held by an earlier user of the import (${this.claimed.get(nameStream as string)})`,
          })
        : skip({
            reason: 'mobile_number_taken',
            field: 'mobileNumber',
            message: `the mobile number is held by an earlier citizen of the import (${this.claimed.get(mobileStream as string)})`,
          });
    }

    const command: ImportUser = { type: 'ImportUser', data: { ...candidate, source: this.kind, at: at.toISOString() } };
    const events = decideUser(command, initialUserState);
    const userAppend: StreamAppend = {
      stream: userStream(candidate.userId),
      events: this.userStreams.toNewEvents(events, candidate.tenantId),
      expectedRevision: 'no_stream',
    };
    const claims: StreamAppend[] = [];
    if (nameStream !== null && candidate.userName !== null) {
      const request = { tenantId: candidate.tenantId, userType: candidate.userType, userName: candidate.userName };
      const reserved = decideUserNameReservation(
        { ...request, userId: candidate.userId, at: at.toISOString() },
        freeUserName,
      );
      claims.push({ stream: nameStream, events: reserved, expectedRevision: 'no_stream' });
      this.claimed.set(nameStream, candidate.userId);
    }
    if (mobileStream !== null && mobileNumber !== null) {
      const reserve = { tenantId: candidate.tenantId, mobileNumber, userId: candidate.userId, at: at.toISOString() };
      const reserved = decideMobileNumberReservation({ type: 'ReserveMobileNumber', data: reserve }, freeMobileNumber);
      claims.push({ stream: mobileStream, events: reserved, expectedRevision: 'no_stream' });
      this.claimed.set(mobileStream, candidate.userId);
    }
    this.claimed.set(userStream(candidate.userId), candidate.userId);
    this.pending.set(candidate.userId, candidate.tenantId);
    return { sourceId, candidate, warnings: record.warnings, userAppend, claims };
  }

  /**
   * A child needs its parent in the store, in its tenant, before it (the read model folds ancestors in log
   * order). A parent of this run is known; any other is read.
   */
  private async parentProblemOf(candidate: ImportCandidate): Promise<ImportProblem | null> {
    if (candidate.parentId === null) return null;
    let parentTenant = this.present.get(candidate.parentId) ?? this.pending.get(candidate.parentId) ?? null;
    if (parentTenant === null) {
      const { state } = await this.userStreams.load(candidate.parentId);
      if (state.status === 'existing') parentTenant = state.tenantId;
    }
    if (parentTenant === null) {
      return {
        reason: 'parent_not_found',
        field: 'parentId',
        message: `parent ${candidate.parentId} is neither in the store nor imported before this user`,
      };
    }
    if (parentTenant !== candidate.tenantId) {
      return {
        reason: 'parent_in_other_tenant',
        field: 'parentId',
        message: `parent ${candidate.parentId} belongs to tenant ${parentTenant}`,
      };
    }
    return null;
  }

  /**
   * The careful path: each user's stream read (present: counted, not written), its reservations claimed as the
   * user-service claims them (taken by another user: skipped), everything appended with the revisions read.
   */
  private async readCarefully(accepted: readonly Accepted[], at: Date) {
    const written: Accepted[] = [];
    const alreadyPresent: Accepted[] = [];
    const careful: ReportedProblem[] = [];
    const appends: StreamAppend[] = [];
    const batch = new BatchClaims();
    const notWritten = new Set<string>();
    for (const entry of accepted) {
      const { candidate } = entry;
      const { state, revision } = await this.userStreams.load(candidate.userId);
      if (state.status === 'existing') {
        alreadyPresent.push(entry);
        continue;
      }
      if (candidate.parentId !== null && notWritten.has(candidate.parentId)) {
        notWritten.add(candidate.userId);
        careful.push(
          reported(entry, {
            reason: 'parent_not_found',
            field: 'parentId',
            message: `parent ${candidate.parentId} was skipped`,
          }),
        );
        continue;
      }
      try {
        const claims = await this.reservations.claimFor(candidate, at, batch);
        appends.push({ ...entry.userAppend, expectedRevision: unchangedSince(revision) }, ...claims);
        written.push(entry);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        notWritten.add(candidate.userId);
        careful.push(reported(entry, { reason: error.code, field: error.field ?? null, message: error.message }));
      }
    }
    return { written, alreadyPresent, appends, careful };
  }

  private remember(entries: readonly Accepted[]): void {
    this.rememberPresent(entries.map((entry) => entry.candidate));
  }

  private rememberPresent(candidates: readonly ImportCandidate[]): void {
    for (const candidate of candidates) this.present.set(candidate.userId, candidate.tenantId);
  }

  private rethrowUnlessUserOrClaimConflict(error: unknown): void {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    if (error.stream === this.checkpointStream) throw new ConcurrentImportError(this.checkpointStream);
  }
}

function reported(entry: { sourceId: string; candidate: ImportCandidate }, problem: ImportProblem): ReportedProblem {
  const { sourceId, candidate } = entry;
  return {
    sourceId,
    userId: candidate.userId,
    userName: candidate.userName,
    tenantId: candidate.tenantId,
    reason: problem.reason,
    field: problem.field,
    message: problem.message,
  };
}

function numericIdOf(accepted: readonly Accepted[], problem: ReportedProblem): number | null {
  return accepted.find((entry) => entry.candidate.userId === problem.userId)?.candidate.numericId ?? null;
}

/**
 * What every source's candidate must satisfy for the domain to hold it: ids, type and tenant well formed, dates
 * readable. The egov rules for field contents are the egov source's (they describe egov-user's data).
 */
export function fieldProblemOf(candidate: ImportCandidate): ImportProblem | null {
  if (typeof candidate.userId !== 'string' || !UUID.test(candidate.userId)) {
    return { reason: 'invalid_uuid', field: 'userId', message: 'must be a uuid' };
  }
  if (!(USER_TYPES as readonly string[]).includes(candidate.userType)) {
    return { reason: 'invalid_user_type', field: 'userType', message: `must be one of ${USER_TYPES.join(', ')}` };
  }
  const invalid = (field: string, message: string): ImportProblem => ({ reason: 'invalid_field', field, message });
  if (typeof candidate.tenantId !== 'string' || !EGOV_FIELD_PATTERNS.tenantId.test(candidate.tenantId)) {
    return invalid('tenantId', 'must be letters separated by dots');
  }
  if (candidate.userName !== null && (typeof candidate.userName !== 'string' || candidate.userName.trim() === '')) {
    return invalid('userName', 'must not be blank');
  }
  if (candidate.parentId !== null && !UUID.test(candidate.parentId)) return invalid('parentId', 'must be a uuid');
  if (candidate.parentId === candidate.userId) return invalid('parentId', 'must not be the user itself');
  for (const field of ['createdAt', 'updatedAt'] as const) {
    if (Number.isNaN(Date.parse(candidate[field]))) return invalid(field, 'must be an ISO date-time');
  }
  for (const field of ['passwordChangedAt', 'lockedUntil'] as const) {
    const value = candidate[field];
    if (value !== null && Number.isNaN(Date.parse(value))) return invalid(field, 'must be an ISO date-time');
  }
  if (!Array.isArray(candidate.roles) || candidate.roles.some((role) => !role.code || !role.tenantId)) {
    return invalid('roles', 'each role needs a code and a tenantId');
  }
  if (typeof candidate.profile?.firstName !== 'string' || typeof candidate.profile.lastName !== 'string') {
    return invalid('name', 'must be given');
  }
  return null;
}

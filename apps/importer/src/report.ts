import type { ImportSource } from './import-source';

/** A record not imported, or imported with less than it held, as the report and the checkpoint events list it. */
export interface ReportedProblem {
  sourceId: string;
  /** Null when the source record had no usable id. */
  userId: string | null;
  userName: string | null;
  tenantId: string | null;
  reason: string;
  field: string | null;
  message: string;
}

/** A run of the import took the checkpoint stream (so a concurrent run of the same import stops). */
export interface ImportRunStarted {
  type: 'ImportRunStarted';
  data: { runId: string; resumeAfter: string | null; at: string };
}

/**
 * One batch written: appended in the same atomic append as the batch's users, so the checkpoint never claims a
 * user that is not in the store, nor misses one that is. `read` counts every record of the batch, which ends up
 * imported, already present or skipped.
 */
export interface ImportBatchWritten {
  type: 'ImportBatchWritten';
  data: {
    runId: string;
    resumeAfter: string;
    read: number;
    imported: number;
    alreadyPresent: number;
    skipped: ReportedProblem[];
    warnings: ReportedProblem[];
    at: string;
  };
}

export type ImportCheckpointEvent = ImportRunStarted | ImportBatchWritten;

export interface ImportFigures {
  read: number;
  imported: number;
  alreadyPresent: number;
  skipped: number;
  warnings: number;
}

export interface ImportReport {
  source: { kind: ImportSource['kind']; identity: string };
  /** The stream holding the import's checkpoints (`import-<kind>-<hash>`). */
  checkpointStream: string;
  /** `complete`: the source had nothing more to read; `interrupted`: stopped on request, resumable. */
  status: 'complete' | 'interrupted';
  /** Runs of this import so far, this one included. */
  runs: number;
  /** This run continued where an earlier one stopped. */
  resumed: boolean;
  /** Totals over every run of the import. */
  read: number;
  imported: number;
  alreadyPresent: number;
  skippedByReason: Record<string, number>;
  skipped: ReportedProblem[];
  warningsByReason: Record<string, number>;
  warnings: ReportedProblem[];
  /** This run alone. */
  thisRun: ImportFigures & { startedAt: string; elapsedMs: number; usersPerSecond: number };
  numericIds: {
    /** The last numeric id reserved in the store when this run started, outside this import's own blocks. */
    lastReservedBefore: number;
    /** The block this run reserved for the source's ids, or null when the earlier runs' blocks already hold them. */
    reservedBlock: { first: number; last: number } | null;
  };
}

export interface RunFacts {
  source: ImportSource;
  checkpointStream: string;
  runId: string;
  status: ImportReport['status'];
  startedAt: Date;
  endedAt: Date;
  numericIds: ImportReport['numericIds'];
}

/** The whole import's report, folded from every event of its checkpoint stream, with this run's own figures. */
export function importReportOf(events: readonly ImportCheckpointEvent[], run: RunFacts): ImportReport {
  const batches = events.filter((event): event is ImportBatchWritten => event.type === 'ImportBatchWritten');
  const runsStarted = events.filter((event) => event.type === 'ImportRunStarted');
  const thisRunStart = runsStarted.find((event) => event.data.runId === run.runId);
  const total = figuresOf(batches);
  const own = figuresOf(batches.filter((batch) => batch.data.runId === run.runId));
  const skipped = batches.flatMap((batch) => batch.data.skipped);
  const warnings = batches.flatMap((batch) => batch.data.warnings);
  const elapsedMs = Math.max(0, run.endedAt.getTime() - run.startedAt.getTime());
  return {
    source: { kind: run.source.kind, identity: run.source.identity },
    checkpointStream: run.checkpointStream,
    status: run.status,
    runs: runsStarted.length,
    resumed: (thisRunStart?.data.resumeAfter ?? null) !== null,
    read: total.read,
    imported: total.imported,
    alreadyPresent: total.alreadyPresent,
    skippedByReason: countByReason(skipped),
    skipped,
    warningsByReason: countByReason(warnings),
    warnings,
    thisRun: {
      ...own,
      startedAt: run.startedAt.toISOString(),
      elapsedMs,
      usersPerSecond: elapsedMs > 0 ? Math.round((own.read * 1000) / elapsedMs) : own.read,
    },
    numericIds: run.numericIds,
  };
}

function figuresOf(batches: readonly ImportBatchWritten[]): ImportFigures {
  const figures: ImportFigures = { read: 0, imported: 0, alreadyPresent: 0, skipped: 0, warnings: 0 };
  for (const { data } of batches) {
    figures.read += data.read;
    figures.imported += data.imported;
    figures.alreadyPresent += data.alreadyPresent;
    figures.skipped += data.skipped.length;
    figures.warnings += data.warnings.length;
  }
  return figures;
}

function countByReason(problems: readonly ReportedProblem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const problem of problems) counts[problem.reason] = (counts[problem.reason] ?? 0) + 1;
  return counts;
}

/**
 * The report for a person: totals, skips by reason with the first `listed` of each reason named, warnings,
 * this run's rate. Problems carry source ids, user ids, userNames and messages, never a value of a field.
 */
export function formatReport(report: ImportReport, listed = 10): string {
  const lines: string[] = [];
  const { thisRun } = report;
  lines.push(
    `import from ${report.source.kind} ${report.status === 'complete' ? 'complete' : 'interrupted (run it again to resume)'}`,
    `  checkpoint stream ${report.checkpointStream}, run ${report.runs}${report.resumed ? ' (resumed)' : ''}`,
    `  read ${report.read}, imported ${report.imported}, already present ${report.alreadyPresent}, skipped ${report.skipped.length}, warnings ${report.warnings.length}`,
    `  this run: read ${thisRun.read}, imported ${thisRun.imported}, already present ${thisRun.alreadyPresent}, skipped ${thisRun.skipped} in ${(thisRun.elapsedMs / 1000).toFixed(1)} s (${thisRun.usersPerSecond} users/s)`,
  );
  const { lastReservedBefore, reservedBlock } = report.numericIds;
  lines.push(
    reservedBlock
      ? `  numeric ids ${reservedBlock.first}–${reservedBlock.last} reserved for the import (the store had reserved up to ${lastReservedBefore}); new users get ids above`
      : `  numeric ids: no new block needed (the import's blocks hold the source's ids; Roster had reserved up to ${lastReservedBefore} besides)`,
  );
  lines.push(...problemSection('skipped', report.skippedByReason, report.skipped, listed));
  lines.push(...problemSection('warnings', report.warningsByReason, report.warnings, listed));
  return `${lines.join('\n')}\n`;
}

function problemSection(
  title: string,
  byReason: Record<string, number>,
  problems: readonly ReportedProblem[],
  listed: number,
): string[] {
  const reasons = Object.keys(byReason).sort();
  if (reasons.length === 0) return [];
  const lines = [`${title}:`];
  for (const reason of reasons) {
    lines.push(`  ${reason}: ${byReason[reason]}`);
    const ofReason = problems.filter((problem) => problem.reason === reason);
    for (const problem of ofReason.slice(0, listed)) lines.push(`    ${describeProblem(problem)}`);
    if (ofReason.length > listed) lines.push(`    … and ${ofReason.length - listed} more (see the JSON report)`);
  }
  return lines;
}

function describeProblem(problem: ReportedProblem): string {
  const who = [
    `source ${problem.sourceId}`,
    problem.userId ? `user ${problem.userId}` : null,
    problem.userName !== null ? `userName ${JSON.stringify(problem.userName)}` : null,
    problem.tenantId ? `tenant ${problem.tenantId}` : null,
  ].filter((part) => part !== null);
  return `${who.join(', ')}: ${problem.field ? `${problem.field} ` : ''}${problem.message}`;
}

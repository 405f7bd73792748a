import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine';
import { machineLine } from './machine';
import type { BenchOptions } from './options';
import { otherLoadSeen } from './process-usage';
import type { Figure, Results, Target } from './results';
import { ratioOf, verdictOf } from './results';
import { median } from './stats';

export interface Summary {
  machine: Machine;
  options: BenchOptions;
  seconds: number;
  results: Results;
}

const DOCS_START = '<!-- bench:results:start -->';
const DOCS_END = '<!-- bench:results:end -->';
const HEADER = ['#', 'what', 'users', 'value', 'target', 'vs reference', 'verdict'];

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  if (target.atLeast !== undefined) return `≥ ${formatNumber(target.atLeast)} ${unit}`;
  return `≤ ${formatNumber(target.atMost as number)} ${unit}`;
}

function formatReference(figure: Figure): string {
  const ratio = ratioOf(figure);
  if (ratio === null || !figure.reference) return '';
  const { name, value, unit } = figure.reference;
  return `${ratio.toFixed(ratio < 0.1 ? 3 : 2)}× ${name} (${formatNumber(value)} ${unit})`;
}

function rowOf(figure: Figure): string[] {
  return [
    figure.id,
    figure.what,
    figure.users === undefined ? '' : figure.users.toLocaleString('en'),
    `${formatNumber(figure.value)} ${figure.unit}`,
    formatTarget(figure.target, figure.unit),
    formatReference(figure),
    verdictOf(figure),
  ];
}

/** The short table for the terminal. */
export function textTable(figures: Figure[]): string {
  const rows = [HEADER, ...figures.map(rowOf)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(figures: Figure[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const withNotes = [...HEADER, 'notes'];
  const rows = figures.map((figure) => [...rowOf(figure), figure.note ?? ''].map(escape));
  return [
    `| ${withNotes.join(' | ')} |`,
    `|${withNotes.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map((cell, column) => (column === 6 && cell ? `**${cell}**` : cell)).join(' | ')} |`),
  ].join('\n');
}

function markdownSection(summary: Summary): string {
  const { options } = summary;
  return [
    `Measured ${summary.machine.date.slice(0, 10)} on ${machineLine(summary.machine)}.`,
    '',
    `Command: \`npm run bench -- --users ${options.users.join(',')} --runs ${options.runs}\`` +
      ` (${options.connections} connections × ${options.pipelining} pipelined, max-load runs ${options.loadSeconds} s,` +
      ` fixed-rate runs ${options.rateSeconds} s (P4/P5: ${options.querySeconds} s) after 1 s warm-up); the whole run took ${(summary.seconds / 60).toFixed(1)} min.` +
      ` Values are medians of ${options.runs} run(s).`,
    '',
    noiseLine(),
    '',
    markdownTable(summary.results.figures),
  ].join('\n');
}

/** How busy the rest of the machine was during the load runs: on a shared 2-core machine it moves every figure. */
export function noiseLine(): string {
  if (otherLoadSeen.length === 0) return '';
  const busy = otherLoadSeen.filter((cores) => cores >= 0.25).length;
  return (
    `Other work on the machine during the ${otherLoadSeen.length} load runs: median ${median(otherLoadSeen).toFixed(2)} cores,` +
    ` max ${Math.max(...otherLoadSeen).toFixed(2)}; ${busy} runs had ≥ 0.25 cores of it.`
  );
}

/** bench-results/latest.json (everything, every run) and latest.md (the table). */
export function writeSummary(summary: Summary): { json: string; markdown: string } {
  mkdirSync(summary.options.outDir, { recursive: true });
  const json = join(summary.options.outDir, 'latest.json');
  const markdown = join(summary.options.outDir, 'latest.md');
  const figures = summary.results.figures.map((figure) => ({
    ...figure,
    ratio: ratioOf(figure),
    verdict: verdictOf(figure) || null,
  }));
  const document = {
    machine: summary.machine,
    options: summary.options,
    seconds: summary.seconds,
    figures,
    details: summary.results.details,
  };
  writeFileSync(
    json,
    `${JSON.stringify(document, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`,
  );
  writeFileSync(markdown, `${markdownSection(summary)}\n`);
  return { json, markdown };
}

/** Replaces the generated part of docs/benchmarks.md (between its markers), leaving the hand-written analysis. */
export function writeDocs(summary: Summary, file: string): void {
  const generated = `${DOCS_START}\n${markdownSection(summary)}\n${DOCS_END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${DOCS_START}\n${DOCS_END}\n`;
  const start = current.indexOf(DOCS_START);
  const end = current.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`${file} lacks the ${DOCS_START} … ${DOCS_END} markers`);
  writeFileSync(file, current.slice(0, start) + generated + current.slice(end + DOCS_END.length));
}

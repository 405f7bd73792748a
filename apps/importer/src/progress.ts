import type { ImportProgress } from './importer';

/** A plain line at most this often when the output is no terminal (a log file, CI). */
export const PLAIN_EVERY_MS = 2000;
/** A terminal's bar is redrawn at most this often: faster than the eye, slower than the batches. */
const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Rate and time left of a run, measured from its first report (a resumed run starts from what earlier runs read). */
export interface ProgressFigures {
  read: number;
  total: number | null;
  usersPerSecond: number;
  /** Seconds left at the current rate; null when the total is unknown or nothing was read yet. */
  etaSeconds: number | null;
}

export function progressFigures(progress: ImportProgress, startRead: number, elapsedMs: number): ProgressFigures {
  const readThisRun = progress.read - startRead;
  const usersPerSecond = elapsedMs > 0 ? (readThisRun * 1000) / elapsedMs : 0;
  const left = progress.total === null ? null : Math.max(0, progress.total - progress.read);
  const etaSeconds = left === null || usersPerSecond <= 0 ? (left === 0 ? 0 : null) : left / usersPerSecond;
  return { read: progress.read, total: progress.total, usersPerSecond, etaSeconds };
}

/** `[#########...............] 12,000/100,000  12.0%  10,234 users/s  ETA 0:09` */
export function progressBar(figures: ProgressFigures): string {
  const count =
    figures.total === null ? thousands(figures.read) : `${thousands(figures.read)}/${thousands(figures.total)}`;
  const share = figures.total ? Math.min(1, figures.read / figures.total) : null;
  const bar = share === null ? '' : `[${'#'.repeat(Math.round(share * BAR_WIDTH)).padEnd(BAR_WIDTH, '.')}] `;
  const percent = share === null ? '' : `  ${(share * 100).toFixed(1)}%`;
  return `${bar}${count}${percent}  ${thousands(Math.round(figures.usersPerSecond))} users/s  ETA ${duration(figures.etaSeconds)}`;
}

/** `read 12,000 of 100,000 (12.0%), 10,234 users/s, about 9 s left` */
export function progressLine(figures: ProgressFigures): string {
  const of =
    figures.total === null
      ? ''
      : ` of ${thousands(figures.total)} (${((figures.read / Math.max(1, figures.total)) * 100).toFixed(1)}%)`;
  const eta = figures.etaSeconds === null ? '' : `, about ${duration(figures.etaSeconds)} left`;
  return `read ${thousands(figures.read)}${of}, ${thousands(Math.round(figures.usersPerSecond))} users/s${eta}`;
}

/**
 * Shows an import's progress: on a terminal one bar redrawn in place, otherwise a plain line every two seconds
 * and one at the end (logs stay readable and short).
 */
export class ProgressDisplay {
  private start: { read: number; at: number } | null = null;
  private last: ImportProgress | null = null;
  private shown: ImportProgress | null = null;
  private shownAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly output: ProgressOutput,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(progress: ImportProgress): void {
    const at = this.now();
    this.start ??= { read: progress.read, at };
    this.last = progress;
    const every = this.output.isTTY ? REDRAW_EVERY_MS : PLAIN_EVERY_MS;
    if (at - this.shownAt < every) return;
    this.shownAt = at;
    this.show(at);
  }

  /** The last figures shown once more (a terminal's bar ends with a newline), so the end is always on screen. */
  finish(): void {
    if (this.last !== this.shown) this.show(this.now());
    if (this.drawn) this.output.write('\n');
    this.drawn = false;
  }

  private show(at: number): void {
    if (!this.last || !this.start) return;
    this.shown = this.last;
    const figures = progressFigures(this.last, this.start.read, at - this.start.at);
    if (this.output.isTTY) {
      // \r and "erase line": the bar is redrawn in place, whatever the previous one's length.
      this.output.write(`\r\u001b[2K${progressBar(figures)}`);
      this.drawn = true;
    } else {
      this.output.write(`${progressLine(figures)}\n`);
    }
  }
}

function thousands(value: number): string {
  return value.toLocaleString('en');
}

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const whole = Math.ceil(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A performance target (the Target column of docs/benchmarks.md): the figure must be at least or at most this value. */
export interface Target {
  atLeast?: number;
  atMost?: number;
}

export interface Reference {
  name: string;
  value: number;
  unit: string;
}

/** One measured figure: a median over runs, with the runs kept for the JSON summary. */
export interface Figure {
  /** P1…P8, or REF for a reference. */
  id: string;
  what: string;
  /** Users stored when measured (scale point), when that matters. */
  users?: number;
  value: number;
  unit: string;
  runs?: number[];
  target?: Target;
  /** The figure divided by a reference measured in the same run. */
  reference?: Reference;
  note?: string;
}

export type Verdict = 'PASS' | 'MISS' | '';

export function verdictOf(figure: Figure): Verdict {
  const { target, value } = figure;
  if (!target) return '';
  if (!Number.isFinite(value)) return 'MISS';
  if (target.atLeast !== undefined && value < target.atLeast) return 'MISS';
  if (target.atMost !== undefined && value > target.atMost) return 'MISS';
  return 'PASS';
}

export function ratioOf(figure: Figure): number | null {
  return figure.reference ? figure.value / figure.reference.value : null;
}

/** Collects the figures of a run, in the order they were measured. */
export class Results {
  readonly figures: Figure[] = [];
  /** Per-scenario details for the JSON summary (every run's raw numbers). */
  readonly details: Record<string, unknown> = {};

  add(figure: Figure): Figure {
    this.figures.push(figure);
    return figure;
  }

  detail(key: string, value: unknown): void {
    this.details[key] = value;
  }

  find(id: string, what: string): Figure | undefined {
    return this.figures.find((figure) => figure.id === id && figure.what === what);
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<TRequest, TResult> {
  request: TRequest;
  submittedAt: number;
  resolve(value: TResult): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /**
   * A commit that throws an error this accepts (the file is locked by another process) is tried again shortly,
   * together with the requests that arrived meanwhile, until the oldest request has waited `retryForMs`. Waiting
   * this way keeps the event loop free; SQLite's own busy timeout would sleep on it, stalling every request.
   */
  retryWhen?: (error: unknown) => boolean;
  retryForMs?: number;
}

/** Pause before trying a locked file again: another process's commit (its fsync) takes about this long. */
const RETRY_DELAY_MS = 1;

/**
 * Collects the requests submitted during one turn of the event loop and hands them to `commit` together,
 * so they share one transaction and one fsync. `commit` returns one outcome per request, in order; if it
 * throws, the whole group failed and every caller gets that error (unless `retryWhen` says to try again).
 */
export class GroupCommit<TRequest, TResult> {
  private waiting: Waiting<TRequest, TResult>[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly commit: (requests: TRequest[]) => Outcome<TResult>[],
    private readonly options: GroupCommitOptions = {},
  ) {}

  submit(request: TRequest): Promise<TResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, submittedAt: Date.now(), resolve, reject });
      // setImmediate runs after the pending I/O callbacks, so requests that arrived together are grouped.
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is waiting now; also used on close so no submitted request is left hanging. */
  flush(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    clearTimeout(this.retry);
    this.retry = undefined;
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;

    let outcomes: Outcome<TResult>[];
    try {
      outcomes = this.commit(group.map((waiting) => waiting.request));
    } catch (error) {
      if (this.mayRetry(error, group[0].submittedAt)) {
        this.waiting = group.concat(this.waiting);
        this.retry = setTimeout(() => this.flush(), RETRY_DELAY_MS);
        return;
      }
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }

  private mayRetry(error: unknown, oldestSubmittedAt: number): boolean {
    const { retryWhen, retryForMs = 0 } = this.options;
    return retryWhen !== undefined && retryWhen(error) && Date.now() - oldestSubmittedAt < retryForMs;
  }
}

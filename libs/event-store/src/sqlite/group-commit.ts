export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<TRequest, TResult> {
  request: TRequest;
  resolve(value: TResult): void;
  reject(error: unknown): void;
}

/**
 * Collects the requests submitted during one turn of the event loop and hands them to `commit` together,
 * so they share one transaction and one fsync. `commit` returns one outcome per request, in order; if it
 * throws, the whole group failed and every caller gets that error.
 */
export class GroupCommit<TRequest, TResult> {
  private waiting: Waiting<TRequest, TResult>[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly commit: (requests: TRequest[]) => Outcome<TResult>[]) {}

  submit(request: TRequest): Promise<TResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      // setImmediate runs after the pending I/O callbacks, so requests that arrived together are grouped.
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits whatever is waiting now; also used on close so no submitted request is left hanging. */
  flush(): void {
    clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;

    let outcomes: Outcome<TResult>[];
    try {
      outcomes = this.commit(group.map((waiting) => waiting.request));
    } catch (error) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    group.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}

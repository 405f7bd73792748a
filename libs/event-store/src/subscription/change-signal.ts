/**
 * Tells waiting subscriptions that new events were committed. A waiter passes the version it saw before it
 * last read, so a commit that lands between that read and the wait is never missed.
 */
export class ChangeSignal {
  private currentVersion = 0;
  private readonly waiters = new Set<() => void>();

  get version(): number {
    return this.currentVersion;
  }

  notify(): void {
    this.currentVersion++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the first change after `seenVersion`, after `timeoutMs` (if given), or on abort. */
  waitForChange(seenVersion: number, timeoutMs: number | undefined, abort: AbortSignal): Promise<void> {
    if (this.currentVersion !== seenVersion || abort.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        abort.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(wake, timeoutMs);
      abort.addEventListener('abort', wake);
      this.waiters.add(wake);
    });
  }
}

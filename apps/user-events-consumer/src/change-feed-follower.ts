import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerConfig } from './consumer-config';
import { NotAUserEventError, ReceivedUserEvent, toReceivedFeedEvent } from './received-user-event';
import { UserChangeLog } from './user-change-log';

/** The longest a page request is held by Roster at the end of the feed (its maximum `wait`). */
const WAIT_SECONDS = 30;
const PAGE_LIMIT = 1000;
const MAX_BACKOFF_MS = 30_000;

interface FeedPage {
  data: unknown[];
  paging: { after: string; has_more: boolean };
}

/** Roster refused the request itself (a revoked key, a cursor signed under another secret): retrying cannot help. */
export class FeedRefusedError extends Error {}

/**
 * The no-Kafka way to follow Roster's users: reads `GET /changes` page by page with a long poll at the end of the
 * feed, and records each page together with the cursor after it (UserChangeLog.recordPage), so a restart resumes
 * exactly where the last committed page ended. Retries with back-off while Roster is unreachable.
 */
@Injectable()
export class ChangeFeedFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeFeedFollower.name);
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    private readonly config: ConsumerConfig,
    private readonly changeLog: UserChangeLog,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.changes) return;
    this.logger.log(`following ${this.config.changes.url}/changes`);
    this.running = this.follow().catch((error: Error) => {
      // As on Kafka (main.ts): a consumer that cannot go on exits, and its supervisor restarts or alerts.
      this.logger.error(`stopped following the change feed for good (${error.message}); exiting`);
      process.exit(1);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Reads pages until stopped; each page's events and the cursor after them are committed together. */
  async follow(): Promise<void> {
    let backoffMs = 500;
    while (!this.stopping.signal.aborted) {
      try {
        const page = await this.nextPage(this.changeLog.feedCursor());
        this.changeLog.recordPage(this.eventsOf(page), page.paging.after);
        backoffMs = 500;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        if (error instanceof FeedRefusedError) throw error;
        this.logger.warn(`the change feed is unreachable (${(error as Error).message}); retrying in ${backoffMs} ms`);
        await sleep(backoffMs, this.stopping.signal);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private async nextPage(after: string | null): Promise<FeedPage> {
    const { url, apiKey } = this.config.changes as NonNullable<ConsumerConfig['changes']>;
    const query = new URLSearchParams({ limit: String(PAGE_LIMIT), wait: String(WAIT_SECONDS) });
    if (after) query.set('after', after);
    const response = await fetch(`${url}/changes?${query}`, {
      headers: { 'x-api-key': apiKey, accept: 'application/json' },
      signal: this.stopping.signal,
    });
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      throw new FeedRefusedError(`Roster refused the change feed request with ${response.status}`);
    }
    if (!response.ok) throw new Error(`status ${response.status}`);
    return (await response.json()) as FeedPage;
  }

  /** The page's events; one that is not a user event is skipped and logged, as the Kafka controller does. */
  private eventsOf(page: FeedPage): ReceivedUserEvent[] {
    const events: ReceivedUserEvent[] = [];
    for (const value of page.data) {
      try {
        events.push(toReceivedFeedEvent(value));
      } catch (error) {
        if (!(error instanceof NotAUserEventError)) throw error;
        this.logger.error(`skipped a change feed entry: ${error.message}`);
      }
    }
    return events;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { EventStore, Subscription } from '@roster/event-store';
import { UserReadModel } from '@roster/read-model';

/** Well inside P2's 5 ms median from accepted to visible. */
export const LIVE_WAKE_DELAY_MS = 2;

/**
 * Keeps the read model up to date: a catch-up subscription to the whole log from the read model's own
 * checkpoint. The read model stores the checkpoint with each batch, so a crash resumes exactly.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectorService.name);
  private subscription: Subscription | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: UserReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const checkpoint = await this.readModel.checkpoint();
    this.logger.log(`projecting from position ${checkpoint ?? 'start'}`);
    // A failed batch is retried by the subscription (and logged by the store's subscription options).
    // Once caught up, a commit wakes the projector LIVE_WAKE_DELAY_MS later: the commits of those milliseconds
    // become one read-model transaction instead of one each (fewer, larger commits on the shared event loop).
    this.subscription = this.store.subscribeAll(checkpoint, (events) => this.readModel.apply(events), {
      wakeDelayMs: LIVE_WAKE_DELAY_MS,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}

import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { EventStore, Position, RecordedEvent, Subscription } from '@roster/event-store';
import type { LagSource } from '@roster/observability';
import { trackLag } from '@roster/observability';
import { PersonalData } from '@roster/personal-data';
import { UserReadModel } from '@roster/read-model';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { finishErasures } from './finish-erasures';

/** Well inside P2's 5 ms median from accepted to visible. */
export const LIVE_WAKE_DELAY_MS = 2;
/** A read model without a checkpoint and at least this many events in the log is filled by a bulk load. */
export const BULK_LOAD_THRESHOLD = 20_000;
/** Events per read and per read-model transaction during a bulk load. */
export const BULK_LOAD_BATCH = 10_000;

/**
 * Keeps the read model up to date: a catch-up subscription to the whole log from the read model's own
 * checkpoint. The read model stores the checkpoint with each batch, so a crash resumes exactly.
 *
 * A read model that has no checkpoint yet while the log is long (a first start on an existing log, a wiped
 * read model) is first filled by a bulk load (`beginBulkLoad` … `endBulkLoad`, large batches), in the
 * background; the live subscription starts where the bulk load ended.
 *
 * A UserErased also finishes the erasure: the user's personal-data key is destroyed (again) before its batch is
 * applied — see finishErasures.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown, LagSource {
  private readonly logger = new Logger(ProjectorService.name);
  private subscription: Subscription | null = null;
  private starting: Promise<void> | null = null;
  private stopped = false;
  private applied: Position | null = null;

  constructor(
    readonly store: EventStore,
    private readonly readModel: UserReadModel,
    private readonly personalData: PersonalData,
  ) {}

  /** Position of the last event in the read model (for the lag metrics and readiness). */
  position(): Position | null {
    return this.applied;
  }

  async onApplicationBootstrap(): Promise<void> {
    const checkpoint = await this.readModel.checkpoint();
    this.applied = checkpoint;
    trackLag('projector', this);
    const head = await this.store.headPosition();
    if (checkpoint === null && head !== null && head >= BigInt(BULK_LOAD_THRESHOLD)) {
      this.logger.log(`bulk-loading the read model up to position ${head}`);
      this.starting = this.bulkLoad().then(
        (position) => this.follow(position),
        (error: unknown) => {
          this.logger.error(`bulk load failed, projecting batch by batch instead: ${String(error)}`);
          return this.readModel.checkpoint().then((position) => this.follow(position));
        },
      );
      return;
    }
    this.follow(checkpoint);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.subscription?.stop();
  }

  private follow(after: Position | null): void {
    if (this.stopped) return;
    this.logger.log(`projecting from position ${after ?? 'start'}`);
    // Once caught up, a commit wakes the projector LIVE_WAKE_DELAY_MS later: the commits of those milliseconds
    // become one read-model transaction instead of one each (fewer, larger commits on the shared event loop).
    // A failed batch is retried by the subscription (and logged by the store's subscription options).
    this.subscription = this.store.subscribeAll(after, (events) => this.apply(events), {
      wakeDelayMs: LIVE_WAKE_DELAY_MS,
    });
  }

  private async apply(events: RecordedEvent[]): Promise<void> {
    await finishErasures(this.personalData, events);
    await this.readModel.apply(events);
    this.applied = events[events.length - 1].position;
  }

  /** Applies the log in large batches until it is caught up (or the service stops); returns the last position applied. */
  private async bulkLoad(): Promise<Position | null> {
    await this.readModel.beginBulkLoad();
    let position: Position | null = null;
    try {
      while (!this.stopped) {
        const batch = await this.store.readAll(position, BULK_LOAD_BATCH);
        if (batch.length === 0) break;
        await this.apply(batch);
        position = batch[batch.length - 1].position;
        // SQLite work is synchronous: let requests and commits in between batches.
        await nextTurn();
      }
    } finally {
      await this.readModel.endBulkLoad();
    }
    return position;
  }
}

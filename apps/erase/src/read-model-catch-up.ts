import type { EventStore, Position } from '@roster/event-store';
import type { PersonalData } from '@roster/personal-data';
import { finishErasures } from '@roster/projector';
import type { UserReadModel } from '@roster/read-model';

/** Events per read and per read-model transaction: the size of the projector's own batches under load. */
const CATCH_UP_BATCH = 1000;

/**
 * The erase command's stand-in for waiting on a projector: it brings the read model up to a position itself, applying
 * the log's events from the read model's checkpoint as the projector does. The command must work whether Roster runs
 * or not — with nobody projecting, a wait would never end, and an erased user's read-model entry would outlive the
 * command. When Roster's projector runs at the same time, both apply the same events: projection is idempotent (a
 * view carries the revision it reflects, and an erased user's view stays deleted), so the second application changes
 * nothing.
 *
 * Like the projector (finishErasures), it destroys the key of every user a UserErased of the batch
 * erases before the checkpoint passes that event: an erasure whose process died between the append and the key's
 * destruction is finished only there, and a checkpoint moved past it here would leave Roster's projector nothing to
 * finish. `erase` is idempotent, so an erasure already finished costs one key-store call.
 */
export class ReadModelCatchUp {
  constructor(
    private readonly store: EventStore,
    private readonly readModel: UserReadModel,
    private readonly personalData: PersonalData,
  ) {}

  async waitFor(position: Position | undefined): Promise<void> {
    if (position === undefined) return;
    let checkpoint = await this.readModel.checkpoint();
    while (checkpoint === null || checkpoint < position) {
      const batch = await this.store.readAll(checkpoint, CATCH_UP_BATCH);
      if (batch.length === 0) return;
      await finishErasures(this.personalData, batch);
      await this.readModel.apply(batch);
      checkpoint = batch[batch.length - 1].position;
    }
  }

  /** Up to the log's head: every erasure written so far has removed its user's read-model entry. */
  async toHead(): Promise<void> {
    await this.waitFor((await this.store.headPosition()) ?? undefined);
  }
}

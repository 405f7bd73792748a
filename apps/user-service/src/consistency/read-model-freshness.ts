import { Injectable } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { RequestRejectedError } from '@roster/domain';
import { EventStore } from '@roster/event-store';
import { UserReadModel } from '@roster/read-model';
import { ConsistencyTimeoutError } from '@roster/user-service-contract';

const FIRST_POLL_MS = 1;
const MAX_POLL_MS = 25;

/**
 * Lets a query wait until the read model reflects a command the client saw answered. Polls the
 * checkpoint rather than listening to the projector, so it works the same when the projector runs
 * in another process. A token beyond the event log's head is refused at once (400) instead of waited for.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly store: EventStore,
    private readonly config: RosterConfig,
  ) {}

  async waitFor(position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    const deadline = Date.now() + this.config.consistencyWaitMs;
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, MAX_POLL_MS)) {
      const checkpoint = await this.readModel.checkpoint();
      if (checkpoint !== null && checkpoint >= position) return;
      // Only a token no write has answered yet can be beyond the log's head: no wait would ever reach it.
      if (pause === FIRST_POLL_MS) await this.refuseBeyondHead(position);
      if (Date.now() + pause > deadline) throw new ConsistencyTimeoutError(position);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private async refuseBeyondHead(position: bigint): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null || position > head) {
      throw new RequestRejectedError(
        'invalid',
        'consistency_token_ahead',
        'is beyond every write so far: send back a token a command answered',
        'X-Consistency-Token',
      );
    }
  }
}

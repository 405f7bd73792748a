import { Injectable } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import { UserReadModel } from '@roster/read-model';
import { ConsistencyTimeoutError } from '@roster/user-service-contract';

const FIRST_POLL_MS = 1;
const MAX_POLL_MS = 25;

/**
 * Lets a query wait until the read model reflects a command the client saw answered. Polls the
 * checkpoint rather than listening to the projector, so it works the same when the projector runs
 * in another process.
 */
@Injectable()
export class ReadModelFreshness {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly config: RosterConfig,
  ) {}

  async waitFor(position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    const deadline = Date.now() + this.config.consistencyWaitMs;
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, MAX_POLL_MS)) {
      const checkpoint = await this.readModel.checkpoint();
      if (checkpoint !== null && checkpoint >= position) return;
      if (Date.now() + pause > deadline) throw new ConsistencyTimeoutError(position);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

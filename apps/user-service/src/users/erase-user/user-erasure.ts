/**
 * Erasing a user (DELETE /users/{id}, `npm run erase`): the one place that does it, usable inside Nest (through
 * EraseUserHandler) and outside it (the operator CLI), so it takes plain dependencies.
 *
 * Stable signature (the CLI builds on it):
 *
 *   new UserErasure({ store, readModel, freshness, personalData, clock, config? })
 *   erase(tenantId: string, userId: string, actor?: ErasureActor): Promise<Erasure>
 *
 * It answers once the user's key is destroyed, or throws a DomainError: `user_not_found` (unknown, or another
 * tenant's), `user_erased` (erased before: 410 at the edges), `user_has_children` (409, the count in the message).
 */
import type { RosterConfig } from '@roster/config';
import type { ActorId, ExistingUser } from '@roster/domain';
import { decideUser, DomainError } from '@roster/domain';
import type { EventStore, Position } from '@roster/event-store';
import type { PersonalData } from '@roster/personal-data';
import type { PageRequest, UserReadModel } from '@roster/read-model';
import type { Erasure } from '@roster/user-service-contract';
import type { Clock } from '../../clock';
import { Reservations } from '../reservations';
import { UserStreams } from '../user-streams';

/** Who erases: the acting user (recorded in UserErased as `by`) and/or the acting API key (in the event's metadata). */
export interface ErasureActor {
  by?: ActorId;
  apiKeyId?: string;
}

export interface UserErasureDependencies {
  store: EventStore;
  /** Where a user's children are counted (the log keeps no index of them). */
  readModel: UserReadModel;
  /** Waits until the read model has applied the log up to a position (ReadModelFreshness). */
  freshness: { waitFor(position: Position | undefined): Promise<void> };
  /** Destroys the user's key; injected as the lead's StoresModule provides it. */
  personalData: PersonalData;
  clock: Clock;
  /** For which mobile numbers citizens hold reservations (ROSTER_MOBILE_NUMBER_UNIQUENESS). */
  config?: RosterConfig;
}

/** Children are counted a page at a time; the read model's largest page. */
const CHILDREN_PAGE: PageRequest = { limit: 100, after: null };

export class UserErasure {
  private readonly streams: UserStreams;
  private readonly reservations: Reservations;

  constructor(private readonly dependencies: UserErasureDependencies) {
    this.streams = new UserStreams(dependencies.store);
    this.reservations = new Reservations(dependencies.store, this.streams, dependencies.config);
  }

  /**
   * Appends, in one atomic append, UserErased to the user's stream (expecting the revision it was decided on) and
   * the releases of its userName and mobile number, then destroys the user's key. A crash between the two leaves
   * an erased user whose key is still there: the next erasure of it (answered `user_erased`) destroys the key first.
   */
  async erase(tenantId: string, userId: string, actor: ErasureActor = {}): Promise<Erasure> {
    const at = this.dependencies.clock.now();
    let result;
    try {
      result = await this.streams.run(
        userId,
        async ({ state }) => {
          // Deciding first refuses unknown, foreign and erased users before anything is counted.
          const events = decideUser(
            { type: 'EraseUser', data: { userId, tenantId, by: actor.by ?? null, at: at.toISOString() } },
            state,
          );
          const user = state as ExistingUser;
          await this.refuseWithChildren(user);
          return { events, alsoAppend: await this.reservations.releaseFor(user, at) };
        },
        undefined,
        actor.apiKeyId,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'user_erased') {
        await this.dependencies.personalData.erase(userId, at);
      }
      throw error;
    }
    await this.dependencies.personalData.erase(userId, at);
    return { position: String(result.position ?? 0n), revision: result.revision };
  }

  /**
   * An erased parent would leave its children pointing at nobody: they are erased or moved first. The read model
   * is brought up to the log's head before counting, so a child linked just before the erasure is counted too.
   */
  private async refuseWithChildren(user: ExistingUser): Promise<void> {
    const head = await this.dependencies.store.headPosition();
    await this.dependencies.freshness.waitFor(head ?? undefined);
    const children = await this.countChildren(user.tenantId, user.id);
    if (children === 0) return;
    throw new DomainError(
      'user_has_children',
      `the user has ${children} ${children === 1 ? 'child' : 'children'}: erase them or give them another parent first`,
      'id',
    );
  }

  private async countChildren(tenantId: string, userId: string): Promise<number> {
    let count = 0;
    for (let page = CHILDREN_PAGE; ;) {
      const { items, after } = await this.dependencies.readModel.children(tenantId, userId, page);
      count += items.length;
      if (!after) return count;
      page = { ...CHILDREN_PAGE, after };
    }
  }
}

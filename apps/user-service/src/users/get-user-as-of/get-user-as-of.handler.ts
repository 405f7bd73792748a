import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { foldUser, UserEvent, userErased, userStream } from '@roster/domain';
import { EventStore } from '@roster/event-store';
import { VersionedUser } from '@roster/user-service-contract';
import { recordFromState } from '../user-record';
import { GetUserAsOfQuery } from './get-user-as-of.query';
import { userAsOf } from './user-as-of';

/** A user as it was, folded from its stream: the read model keeps only the present. */
@QueryHandler(GetUserAsOfQuery)
export class GetUserAsOfHandler implements IQueryHandler<GetUserAsOfQuery, VersionedUser | null> {
  constructor(private readonly store: EventStore) {}

  async execute({ tenantId, userId, at }: GetUserAsOfQuery): Promise<VersionedUser | null> {
    const events = await this.store.readStream<UserEvent>(userStream(userId));
    // An erased user's past is gone with it (its personal data can no longer be read): 410 at any point in time.
    const now = foldUser(events);
    if (now.status === 'erased' && now.tenantId === tenantId) throw userErased();
    const then = userAsOf(events, at);
    // Before its creation the user did not exist; another tenant's user is answered like a missing one.
    if (!then || then.state.status !== 'existing' || then.state.tenantId !== tenantId) return null;
    return { user: recordFromState(then.state), revision: then.revision };
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserEvent, userStream } from '@roster/domain';
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
    const then = userAsOf(await this.store.readStream<UserEvent>(userStream(userId)), at);
    // Before its creation the user did not exist; another tenant's user is answered like a missing one.
    if (!then || then.state.status !== 'existing' || then.state.tenantId !== tenantId) return null;
    return { user: recordFromState(then.state), revision: then.revision };
  }
}

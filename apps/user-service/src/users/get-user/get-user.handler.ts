import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserReadModel } from '@roster/read-model';
import { VersionedUser } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { recordFromView } from '../user-record';
import { UserStreams } from '../user-streams';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, VersionedUser | null> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
    private readonly streams: UserStreams,
  ) {}

  async execute({ tenantId, userId, minPosition }: GetUserQuery): Promise<VersionedUser | null> {
    await this.freshness.waitFor(minPosition);
    const view = await this.readModel.getUser(tenantId, userId);
    if (view) return { user: recordFromView(view), revision: view.revision };
    // An erased user is gone (410), not unknown: only its stream still says so.
    await this.streams.assertNotErased(tenantId, userId);
    return null;
  }
}

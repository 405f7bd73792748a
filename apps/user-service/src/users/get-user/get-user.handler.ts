import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserReadModel } from '@roster/read-model';
import { VersionedUser } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { recordFromView } from '../user-record';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, VersionedUser | null> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ tenantId, userId, minPosition }: GetUserQuery): Promise<VersionedUser | null> {
    await this.freshness.waitFor(minPosition);
    const view = await this.readModel.getUser(tenantId, userId);
    return view ? { user: recordFromView(view), revision: view.revision } : null;
  }
}

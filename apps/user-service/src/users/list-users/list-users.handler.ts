import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, UserReadModel } from '@roster/read-model';
import { UserRecord } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { recordPage } from '../user-record';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserRecord>> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ tenantId, page, minPosition }: ListUsersQuery): Promise<Page<UserRecord>> {
    await this.freshness.waitFor(minPosition);
    return recordPage(await this.readModel.listUsers(tenantId, page));
  }
}

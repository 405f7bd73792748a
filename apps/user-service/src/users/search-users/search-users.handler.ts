import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, UserReadModel } from '@roster/read-model';
import { UserRecord } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { recordPage } from '../user-record';
import { SearchUsersQuery } from './search-users.query';

@QueryHandler(SearchUsersQuery)
export class SearchUsersHandler implements IQueryHandler<SearchUsersQuery, Page<UserRecord>> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
  ) {}

  async execute({ tenantId, criteria, page, minPosition }: SearchUsersQuery): Promise<Page<UserRecord>> {
    await this.freshness.waitFor(minPosition);
    return recordPage(await this.readModel.search(tenantId, criteria, page));
  }
}

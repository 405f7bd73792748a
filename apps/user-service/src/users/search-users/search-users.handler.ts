import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, UserReadModel } from '@roster/read-model';
import { UserRecord } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { PageCursors } from '../page-cursors';
import { recordPage } from '../user-record';
import { SearchUsersQuery } from './search-users.query';

@QueryHandler(SearchUsersQuery)
export class SearchUsersHandler implements IQueryHandler<SearchUsersQuery, Page<UserRecord>> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
    private readonly cursors: PageCursors,
  ) {}

  async execute({ tenantId, criteria, page, minPosition }: SearchUsersQuery): Promise<Page<UserRecord>> {
    const opened = this.cursors.opened(page);
    await this.freshness.waitFor(minPosition);
    return this.cursors.signed(recordPage(await this.readModel.search(tenantId, criteria, opened)));
  }
}

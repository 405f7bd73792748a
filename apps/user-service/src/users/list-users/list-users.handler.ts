import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Page, UserReadModel } from '@roster/read-model';
import { UserRecord } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { PageCursors } from '../page-cursors';
import { recordPage } from '../user-record';
import { ListUsersQuery } from './list-users.query';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserRecord>> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
    private readonly cursors: PageCursors,
  ) {}

  async execute({ tenantId, page, minPosition }: ListUsersQuery): Promise<Page<UserRecord>> {
    const opened = this.cursors.opened(page);
    await this.freshness.waitFor(minPosition);
    return this.cursors.signed(recordPage(await this.readModel.listUsers(tenantId, opened)));
  }
}

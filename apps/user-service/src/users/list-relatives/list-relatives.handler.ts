import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@roster/domain';
import { Page, UserReadModel } from '@roster/read-model';
import { UserRecord } from '@roster/user-service-contract';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { PageCursors } from '../page-cursors';
import { recordPage } from '../user-record';
import { UserStreams } from '../user-streams';
import { ListRelativesQuery } from './list-relatives.query';

@QueryHandler(ListRelativesQuery)
export class ListRelativesHandler implements IQueryHandler<ListRelativesQuery, Page<UserRecord>> {
  constructor(
    private readonly readModel: UserReadModel,
    private readonly freshness: ReadModelFreshness,
    private readonly cursors: PageCursors,
    private readonly streams: UserStreams,
  ) {}

  async execute({ tenantId, relation, userId, page, minPosition }: ListRelativesQuery): Promise<Page<UserRecord>> {
    const opened = this.cursors.opened(page);
    await this.freshness.waitFor(minPosition);
    // An unknown user has no relatives to list; say so rather than answer an empty page.
    if (!(await this.readModel.getUser(tenantId, userId))) {
      await this.streams.assertNotErased(tenantId, userId);
      throw new DomainError('user_not_found', 'user does not exist', 'id');
    }
    return this.cursors.signed(recordPage(await this.readModel[relation](tenantId, userId, opened)));
  }
}

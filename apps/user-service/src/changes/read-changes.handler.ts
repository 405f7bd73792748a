import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '@roster/event-store';
import { ChangePage } from '@roster/user-service-contract';
import { PageCursors } from '../users/page-cursors';
import { awaitFeed, FeedCursors, FeedPage, scanFeed } from './change-feed';
import { ReadChangesQuery } from './read-changes.query';

/**
 * The change feed (`GET /changes`): read from the event store itself, not the read model, so it is gap-free and
 * resumable from any cursor in any process sharing the store — the log's order is the feed's order.
 */
@QueryHandler(ReadChangesQuery)
export class ReadChangesHandler implements IQueryHandler<ReadChangesQuery, ChangePage> {
  private readonly cursors: FeedCursors;

  constructor(
    private readonly store: EventStore,
    pageCursors: PageCursors,
  ) {
    this.cursors = new FeedCursors(pageCursors);
  }

  async execute({ tenantId, request }: ReadChangesQuery): Promise<ChangePage> {
    const after = request.after === null ? null : this.cursors.open(tenantId, request.after);
    let page = await scanFeed(this.store, tenantId, after, request.limit);
    if (page.data.length === 0 && !page.hasMore && request.waitMs > 0) {
      page = await awaitFeed(this.store, tenantId, page.after, request.limit, request.waitMs);
    }
    return this.signed(tenantId, page, request.eventCursors ?? false);
  }

  /** One HMAC per page, and one per event only when asked: signing is most of a page's cost. */
  private signed(tenantId: string, page: FeedPage, eventCursors: boolean): ChangePage {
    return {
      data: page.data,
      cursors: eventCursors ? page.data.map((event) => this.cursors.sign(tenantId, BigInt(event.position))) : [],
      after: this.cursors.sign(tenantId, page.after),
      hasMore: page.hasMore,
    };
  }
}

import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { foldUser, UserEvent, userErased, userStream } from '@roster/domain';
import { EventStore } from '@roster/event-store';
import { decodeCursor, encodeCursor, InvalidCursorError, Page } from '@roster/read-model';
import { UserHistoryEntry } from '@roster/user-service-contract';
import { PageCursors } from '../page-cursors';
import { GetUserHistoryQuery } from './get-user-history.query';
import { historyOf } from './user-history';

/** The cursor kind of a history page: the user's id and the revision last served. */
const HISTORY_CURSOR = 'history';

/**
 * A user's history, read from its stream rather than the read model: the log is the only place that keeps
 * every change, and a write is in the stream when its command answers, so a history read right after a write
 * shows it without a consistency token.
 */
@QueryHandler(GetUserHistoryQuery)
export class GetUserHistoryHandler implements IQueryHandler<GetUserHistoryQuery, Page<UserHistoryEntry> | null> {
  constructor(
    private readonly store: EventStore,
    private readonly cursors: PageCursors,
  ) {}

  async execute({ tenantId, userId, request }: GetUserHistoryQuery): Promise<Page<UserHistoryEntry> | null> {
    const afterRevision = this.afterRevisionOf(userId, request.page.after);
    const events = await this.store.readStream<UserEvent>(userStream(userId));
    const user = foldUser(events);
    // Its history held the personal data the erasure destroyed: gone (410), like the user.
    if (user.status === 'erased' && user.tenantId === tenantId) throw userErased();
    // Another tenant's user is answered exactly like a missing one.
    if (user.status !== 'existing' || user.tenantId !== tenantId) return null;
    const rest = historyOf(events, request).filter((entry) => entry.revision > afterRevision);
    const items = rest.slice(0, request.page.limit);
    const last = items.at(-1);
    if (rest.length === items.length || !last) return { items, after: null };
    return { items, after: this.cursors.sign(encodeCursor(HISTORY_CURSOR, [userId, last.revision])) };
  }

  /** The revision a signed cursor continues after (-1: from the start); a cursor of another user's history is refused. */
  private afterRevisionOf(userId: string, after: string | null | undefined): number {
    if (!after) return -1;
    const [cursorUserId, revision] = decodeCursor(this.cursors.open(after), HISTORY_CURSOR, [
      'string',
      'integer',
    ] as const);
    if (cursorUserId !== userId) throw new InvalidCursorError();
    return revision;
  }
}

import type { Page, PageRequest } from '@roster/read-model';
import { signCursor, verifiedCursor } from '@roster/read-model';

/**
 * The paging cursors of the nCore queries, signed as they leave the user-service and checked as they come back,
 * so a forged or altered cursor is refused (400 naming `after`) before the read model sees it.
 */
export class PageCursors {
  constructor(private readonly key: Buffer) {}

  /** The request with the read model's own cursor in place of the signed one the client sent. */
  opened(page: PageRequest): PageRequest {
    return page.after ? { ...page, after: verifiedCursor(page.after, this.key) } : page;
  }

  signed<T>(page: Page<T>): Page<T> {
    return page.after ? { ...page, after: signCursor(page.after, this.key) } : page;
  }
}

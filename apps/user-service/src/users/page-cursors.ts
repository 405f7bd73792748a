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
    return page.after ? { ...page, after: this.open(page.after) } : page;
  }

  signed<T>(page: Page<T>): Page<T> {
    return page.after ? { ...page, after: this.sign(page.after) } : page;
  }

  sign(cursor: string): string {
    return signCursor(cursor, this.key);
  }

  /** The cursor as signed; InvalidCursorError when it was not signed here or was altered. */
  open(signed: string): string {
    return verifiedCursor(signed, this.key);
  }
}

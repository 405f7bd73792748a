import type { Page, PageRequest } from './user-view';

export const MAX_PAGE_LIMIT = 100;

/** The page size a request asks for; outside 1..100 it is a RangeError (the edge validates before this). */
export function pageLimit(page: PageRequest): number {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_LIMIT) {
    throw new RangeError(`page limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${page.limit}`);
  }
  return page.limit;
}

/**
 * A page from up to `limit + 1` rows fetched in keyset order: the extra row is never served, it only tells
 * that a next page exists, whose cursor is then taken from the last row served.
 */
export function pageOfRows<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorAfter: (row: Row) => string,
): Page<Item> {
  const served = rows.slice(0, limit);
  const hasNext = rows.length > limit;
  return { items: served.map(toItem), after: hasNext ? cursorAfter(served[served.length - 1]) : null };
}

import type { Filter } from 'mongodb';
import { encodeCursor } from '../cursor';
import { pageOfRows } from '../paging';
import { prefixRange } from '../search-keys';
import type { Page, UserSearchCriteria, UserView } from '../user-view';
import type { KeyField, UserViewDocument } from './user-view-document';
import { compareKeys } from './user-view-document';

export type ViewFilter = Filter<UserViewDocument>;

/** A half-open range of keys: `from` ≤ key < `to`; a null `to` has no upper bound. */
export interface KeyRange<Key extends string | number> {
  from: Key;
  to: Key | null;
}

/** The keyset position of the last row served: its key and its id. */
export type KeysetAfter<Key extends string | number> = readonly [Key, string];

/** A page's rows sort by (key field, _id); both directions ascending. */
export const keysetOrder = (field: KeyField) => ({ [field]: 1, _id: 1 }) as const;

/**
 * Rows whose `field` lies in `range` and that come after the cursor in (field, _id) order.
 *
 * The lower bound is the larger of the range start and the cursor's key, so the index scan starts at the cursor
 * and a cursor pointing before the range never widens it. Past that bound a row is after the cursor when its
 * key is greater, or (its key being equal) its id is.
 */
export function keysetFilter<Key extends string | number>(
  field: KeyField,
  range: KeyRange<Key>,
  after: KeysetAfter<Key> | null,
): ViewFilter {
  if (after === null) return { [field]: rangeCondition(range) } as ViewFilter;
  const [afterKey, afterId] = after;
  const from = compareKeys(afterKey, range.from) > 0 ? afterKey : range.from;
  return {
    [field]: rangeCondition({ from, to: range.to }),
    $or: [{ [field]: { $gt: afterKey } }, { _id: { $gt: afterId } }],
  } as ViewFilter;
}

/** An anchored prefix match: a range on the stored, case-folded key (never a regex). */
export function prefixFilter(field: KeyField, prefix: string): ViewFilter {
  return { [field]: rangeCondition(prefixRange(prefix)) } as ViewFilter;
}

/** A name matches a prefix of "first last" or of the last name. */
export function nameFilter(prefix: string): ViewFilter {
  return { $or: [prefixFilter('fullNameLc', prefix), prefixFilter('lastNameLc', prefix)] };
}

/**
 * The criteria (normalized) that do not drive the scan, as filters on the driving range's rows.
 */
export function criteriaFilters(criteria: UserSearchCriteria, except: keyof UserSearchCriteria): ViewFilter[] {
  const filters: ViewFilter[] = [];
  if (criteria.email && except !== 'email') filters.push(prefixFilter('emailLc', criteria.email));
  if (criteria.mobile && except !== 'mobile') filters.push(prefixFilter('mobile', criteria.mobile));
  if (criteria.name && except !== 'name') filters.push(nameFilter(criteria.name));
  return filters;
}

/**
 * A name search reads two ordered arms, one per key, each serving a user matching both ways only when its key
 * is the smaller one: the arms are disjoint and every user has one place, (key, id), in the merged order.
 */
export function nameArmExclusion(arm: 'fullNameLc' | 'lastNameLc', prefix: string): ViewFilter {
  return arm === 'fullNameLc'
    ? { $nor: [{ ...prefixFilter('lastNameLc', prefix), lastNameFirst: true }] }
    : { $nor: [{ ...prefixFilter('fullNameLc', prefix), lastNameFirst: false }] };
}

/** A row with the key it is ordered by in its page. */
export interface KeyedRow<Key extends string | number = string | number> {
  key: Key;
  document: UserViewDocument;
}

/** The first `count` rows of several (key, id)-ordered lists, merged in that order. */
export function mergeByKeyset<Key extends string | number>(
  lists: readonly KeyedRow<Key>[][],
  count: number,
): KeyedRow<Key>[] {
  return lists
    .flat()
    .sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.document._id, b.document._id))
    .slice(0, count);
}

function rangeCondition<Key extends string | number>(range: KeyRange<Key>): { $gte: Key; $lt?: Key } {
  return range.to === null ? { $gte: range.from } : { $gte: range.from, $lt: range.to };
}

/**
 * The ids of one page of a user's ancestors, nearest first. An ancestor's depth is its index in the
 * root-first list; the cursor is the depth last served, clamped so a forged one cannot reach outside the list.
 */
export function ancestorIdsPage(
  user: Pick<UserView, 'ancestors' | 'depth'>,
  afterDepth: number | null,
  limit: number,
  kind: string,
): Page<string> {
  const before = afterDepth === null ? user.depth : Math.min(Math.max(afterDepth, 0), user.depth);
  const nearestFirst = user.ancestors
    .slice(0, before)
    .map((ancestorId, depth) => ({ ancestorId, depth }))
    .reverse();
  return pageOfRows(
    nearestFirst.slice(0, limit + 1),
    limit,
    (ancestor) => ancestor.ancestorId,
    (ancestor) => encodeCursor(kind, [ancestor.depth]),
  );
}

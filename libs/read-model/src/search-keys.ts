import type { SearchDriver } from './cursor';
import type { UserSearchCriteria, UserView } from './user-view';

/**
 * The keys a user is found by, stored beside the view and indexed. Case folding happens here, in one place,
 * for stored keys and criteria alike, so a store compares plain strings (binary order) and its range scans
 * stay anchored and indexed: no collation, no case-folding regex, no function on the column.
 */
export interface UserSearchKeys {
  emailLc: string | null;
  mobile: string | null;
  /** "first last", lowercased; the middle name is not part of it. */
  fullNameLc: string;
  lastNameLc: string;
}

/** Half-open range of every string that starts with a prefix: `from` ≤ value < `to` (null: no upper bound). */
export interface PrefixRange {
  from: string;
  to: string | null;
}

const MAX_CODE_POINT = 0x10ffff;
const FIRST_SURROGATE = 0xd800;
const AFTER_LAST_SURROGATE = 0xe000;

export function searchKeysOf(view: Pick<UserView, 'email' | 'mobile' | 'firstName' | 'lastName'>): UserSearchKeys {
  return {
    emailLc: view.email === null ? null : foldCase(view.email),
    mobile: view.mobile,
    fullNameLc: foldCase(`${view.firstName} ${view.lastName}`),
    lastNameLc: foldCase(view.lastName),
  };
}

/** Criteria folded like the stored keys; an empty criterion matches everything, so it is dropped. */
export function normalizeSearchCriteria(criteria: UserSearchCriteria): UserSearchCriteria {
  const normalized: UserSearchCriteria = {};
  if (criteria.name) normalized.name = foldCase(criteria.name);
  if (criteria.email) normalized.email = foldCase(criteria.email);
  if (criteria.mobile) normalized.mobile = criteria.mobile;
  return normalized;
}

/** The criterion that drives a search's index range: e-mail, else mobile, else name (the most selective first). */
export function searchDriverOf(normalized: UserSearchCriteria): SearchDriver | null {
  if (normalized.email) return 'email';
  if (normalized.mobile) return 'mobile';
  return normalized.name ? 'name' : null;
}

/**
 * The range of strings starting with `prefix`, in code-point order — which is UTF-8 byte order, the order of
 * SQLite's BINARY collation and of MongoDB's simple collation — so `%`, `_` or regex characters mean nothing.
 */
export function prefixRange(prefix: string): PrefixRange {
  return { from: prefix, to: smallestStringAfterPrefix(prefix) };
}

/** The one case folding of stored keys and criteria. */
export function foldCase(value: string): string {
  return value.toLowerCase();
}

// Bumps the last code point that can be bumped; a prefix made only of U+10FFFF has no finite upper bound.
function smallestStringAfterPrefix(prefix: string): string | null {
  const chars = Array.from(prefix);
  while (chars.length > 0) {
    const last = (chars.pop() as string).codePointAt(0) as number;
    if (last < MAX_CODE_POINT) return chars.join('') + String.fromCodePoint(nextCodePoint(last));
  }
  return null;
}

// Surrogates are no characters of their own; the code point after them is U+E000.
function nextCodePoint(codePoint: number): number {
  const next = codePoint + 1;
  return next >= FIRST_SURROGATE && next < AFTER_LAST_SURROGATE ? AFTER_LAST_SURROGATE : next;
}

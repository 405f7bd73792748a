import type { UserType } from '@roster/domain';
import { fullNameOf, stateTenantOf } from '@roster/domain';
import { MAX_PAGE_LIMIT } from './paging';
import type { PrefixRange } from './search-keys';
import { foldCase, prefixRange } from './search-keys';
import type { EgovPageRequest, EgovReadCriteria, EgovReadSortField, UserView } from './user-view';
import { EGOV_READ_SORT_FIELDS } from './user-view';

/**
 * The keys the egov search finds and orders a user by, stored beside the view and indexed. Every index
 * leads with the state-level tenant, so a search of a whole family (`pb`, `pb.amritsar`, …) is one seek,
 * and a search of exact tenants filters within it. Case folding happens here, for keys and criteria alike.
 */
export interface EgovSearchKeys {
  stateTenant: string;
  userNameLc: string | null;
  /** The full name as egov shows it (first, middle, last), lower-cased. */
  nameLc: string;
  altMobile: string | null;
  /** The distinct codes of the user's roles, sorted. */
  roleCodes: string[];
  createdMs: number;
}

export function egovSearchKeysOf(view: UserView): EgovSearchKeys {
  return {
    stateTenant: stateTenantOf(view.tenantId),
    userNameLc: view.userName === null ? null : foldCase(view.userName),
    nameLc: foldCase(fullNameOf(view)),
    altMobile: view.altContactNumber,
    roleCodes: distinctSorted(view.roles.map((role) => role.code)),
    createdMs: Date.parse(view.createdAt),
  };
}

/** The criteria folded like the stored keys, lists deduplicated, empty criteria dropped. */
export interface NormalizedEgovCriteria {
  /** The state-level tenants to seek in (one for a family). */
  families: string[];
  /** Exact tenants within those families; null: the whole families. */
  tenantIds: string[] | null;
  ids: string[] | null;
  numericIds: number[] | null;
  userNameLc: string | null;
  name: PrefixRange | null;
  mobileNumber: string | null;
  emailLc: string | null;
  active: boolean | null;
  userType: UserType | null;
  roleCodes: string[] | null;
  sinceMs: number | null;
}

/** Null when the criteria can match nobody (an empty list of exact tenants), so no store is asked. */
export function normalizeEgovCriteria(criteria: EgovReadCriteria): NormalizedEgovCriteria | null {
  const { tenants } = criteria;
  const tenantIds = 'family' in tenants ? null : distinctSorted(tenants.tenantIds);
  if (tenantIds !== null && tenantIds.length === 0) return null;
  const families =
    tenantIds === null ? [(tenants as { family: string }).family] : distinctSorted(tenantIds.map(stateTenantOf));
  const sinceMs = criteria.lastChangedSince === undefined ? null : criteria.lastChangedSince.getTime();
  if (Number.isNaN(sinceMs)) throw new RangeError('lastChangedSince needs a valid date');
  return {
    families,
    tenantIds,
    ids: nonEmpty(criteria.ids),
    numericIds: criteria.numericIds?.length ? [...new Set(criteria.numericIds)].sort((a, b) => a - b) : null,
    userNameLc: criteria.userName ? foldCase(criteria.userName) : null,
    name: criteria.name ? prefixRange(foldCase(criteria.name)) : null,
    mobileNumber: criteria.mobileNumber || null,
    emailLc: criteria.emailId ? foldCase(criteria.emailId) : null,
    active: criteria.active ?? null,
    userType: criteria.userType ?? null,
    roleCodes: nonEmpty(criteria.roleCodes),
    sinceMs,
  };
}

/** An offset page: how many to serve, how many to skip, and the order. */
export interface EgovPage {
  limit: number;
  offset: number;
  sort: EgovReadSortField[];
}

export const DEFAULT_EGOV_SORT: readonly EgovReadSortField[] = ['name'];

export function egovPageOf(page: EgovPageRequest): EgovPage {
  const { pageSize, pageNumber } = page;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_LIMIT) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${pageSize}`);
  }
  const offset = pageSize * pageNumber;
  if (!Number.isInteger(pageNumber) || pageNumber < 0 || !Number.isSafeInteger(offset)) {
    throw new RangeError(`pageNumber must be a non-negative integer, got ${pageNumber}`);
  }
  const sort = [...new Set(page.sort ?? [])];
  // The type already says so; a value from an unchecked caller must still never reach a query.
  if (!sort.every((field) => (EGOV_READ_SORT_FIELDS as readonly string[]).includes(field))) {
    throw new RangeError(`sort fields must be among ${EGOV_READ_SORT_FIELDS.join(', ')}`);
  }
  return { limit: pageSize, offset, sort: sort.length > 0 ? sort : [...DEFAULT_EGOV_SORT] };
}

function nonEmpty(values: readonly string[] | undefined): string[] | null {
  const distinct = distinctSorted(values ?? []);
  return distinct.length > 0 ? distinct : null;
}

function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

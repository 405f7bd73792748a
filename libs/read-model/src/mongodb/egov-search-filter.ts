import type { Sort } from 'mongodb';
import type { NormalizedEgovCriteria } from '../egov-search';
import type { EgovReadSortField } from '../user-view';
import type { UserViewDocument } from './user-view-document';
import type { ViewFilter } from './keyset-queries';

const SORT_FIELD: Record<EgovReadSortField, keyof UserViewDocument> = {
  name: 'nameLc',
  userName: 'userNameLc',
  mobileNumber: 'mobile',
  emailId: 'emailLc',
  createdDate: 'createdMs',
  lastModifiedDate: 'updatedMs',
};

/**
 * The egov search as one filter of plain equalities, `$in`s and ranges on the stored keys (no regex, no
 * `$expr`), each served by an index that leads with the state-level tenant. The mobile number is an `$or` of
 * two indexed equalities, each carrying the tenant condition so each branch seeks its own index.
 */
export function egovSearchFilter(criteria: NormalizedEgovCriteria): ViewFilter {
  const scope: ViewFilter =
    criteria.families.length === 1
      ? { stateTenant: criteria.families[0] }
      : { stateTenant: { $in: criteria.families } };
  const filter: ViewFilter = { ...scope };
  if (criteria.tenantIds !== null) filter.tenantId = { $in: criteria.tenantIds };
  if (criteria.ids !== null) filter._id = { $in: criteria.ids };
  if (criteria.numericIds !== null) filter.numericId = { $in: criteria.numericIds };
  if (criteria.userNameLc !== null) filter.userNameLc = criteria.userNameLc;
  if (criteria.name !== null) {
    filter.nameLc =
      criteria.name.to === null ? { $gte: criteria.name.from } : { $gte: criteria.name.from, $lt: criteria.name.to };
  }
  if (criteria.mobileNumber !== null) {
    filter.$or = [
      { ...scope, mobile: criteria.mobileNumber },
      { ...scope, altContactNumber: criteria.mobileNumber },
    ];
  }
  if (criteria.emailLc !== null) filter.emailLc = criteria.emailLc;
  if (criteria.userType !== null) filter.userType = criteria.userType;
  if (criteria.active !== null) filter.active = criteria.active;
  if (criteria.roleCodes !== null) filter.roleCodes = { $all: criteria.roleCodes };
  if (criteria.sinceMs !== null) filter.updatedMs = { $gte: criteria.sinceMs };
  return filter;
}

/** The sort fields in their order of precedence, then _id. */
export function egovSearchOrder(sort: readonly EgovReadSortField[]): Sort {
  return Object.fromEntries([...sort.map((field) => [SORT_FIELD[field], 1]), ['_id', 1]]);
}

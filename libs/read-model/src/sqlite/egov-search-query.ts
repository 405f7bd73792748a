import type { NormalizedEgovCriteria } from '../egov-search';
import type { EgovReadSortField } from '../user-view';

/** The SQL of one egov search and its named parameters (`@limit` and `@offset` are the caller's). */
export interface EgovSearchQuery {
  sql: string;
  parameters: Record<string, string | number | Buffer>;
}

// SQLite orders every TEXT value below every BLOB: the upper bound of a prefix that has no finite one.
const ABOVE_EVERY_TEXT = Buffer.from([0xff]);

const SORT_COLUMN: Record<EgovReadSortField, string> = {
  name: 'name_lc',
  userName: 'user_name_lc',
  mobileNumber: 'mobile',
  emailId: 'email_lc',
  createdDate: 'created_ms',
  lastModifiedDate: 'updated_ms',
};

/**
 * The users of the families, in a table under an alias: one family (the usual case) is an equality every
 * egov index can seek with; several are a list.
 */
function inFamilies(criteria: NormalizedEgovCriteria, alias: string): string {
  return criteria.families.length === 1
    ? `${alias}.state_tenant = @family`
    : `${alias}.state_tenant IN (SELECT value FROM json_each(@families))`;
}

type Driver = 'ids' | 'numericIds' | 'mobileNumber' | 'roleCodes';

/**
 * Where the scan starts when a criterion narrows the search to a few users that no single index of
 * user_views yields: the listed ids, the listed numeric ids (a seek each), the holders of every role code
 * (user_roles holds each code of a user once, so a user holds them all when the count of its matching rows
 * is the number of codes), the users with the number as mobile or as alternate number (two index seeks). It
 * is joined with CROSS JOIN, which SQLite never reorders: without statistics it would otherwise walk the
 * whole family in sort order, or a range of another criterion.
 */
function drivingCriterion(criteria: NormalizedEgovCriteria): Driver | null {
  if (criteria.ids !== null) return 'ids';
  if (criteria.numericIds !== null) return 'numericIds';
  // A user name or an e-mail is an equality on an index of its own, which the planner takes by itself.
  if (criteria.userNameLc !== null || criteria.emailLc !== null) return null;
  if (criteria.mobileNumber !== null) return 'mobileNumber';
  return criteria.roleCodes !== null ? 'roleCodes' : null;
}

function drivingSet(criteria: NormalizedEgovCriteria, driver: Driver): string {
  switch (driver) {
    case 'ids':
      return `(SELECT value AS id FROM json_each(@ids))`;
    case 'numericIds':
      // DISTINCT keeps SQLite from flattening the set into the join, where it would seek u by another index than its id.
      return `(SELECT DISTINCT n.id FROM user_views AS n WHERE ${inFamilies(criteria, 'n')} AND ${numericIdListed('n')})`;
    case 'mobileNumber':
      return `(
      SELECT m.id FROM user_views AS m WHERE ${inFamilies(criteria, 'm')} AND m.mobile = @mobileNumber
      UNION
      SELECT a.id FROM user_views AS a WHERE ${inFamilies(criteria, 'a')} AND a.alt_mobile = @mobileNumber)`;
    case 'roleCodes':
      return `(${roleHolders(criteria)})`;
  }
}

function numericIdListed(alias: string): string {
  return `${alias}.numeric_id IN (SELECT value FROM json_each(@numericIds))`;
}

function roleHolders(criteria: NormalizedEgovCriteria): string {
  return `SELECT r.user_id AS id FROM user_roles AS r
      WHERE ${inFamilies(criteria, 'r')} AND r.code IN (SELECT value FROM json_each(@roleCodes))
      GROUP BY r.user_id HAVING count(*) = @roleCount`;
}

/**
 * The statement of an egov search, composed only of the fixed fragments here, one per criterion present:
 * no value ever enters the text, each is a named parameter, and lists travel as one JSON array parameter.
 * Every criterion is a seek on an index: the driving set's, or one that leads with the state-level tenant.
 * When a driving set or a user name or e-mail narrows the search, the order terms are hidden from the
 * planner (`+col`): it then seeks that criterion's index and sorts the few rows found, instead of walking
 * the family along the sort's index.
 */
export function egovSearchQuery(criteria: NormalizedEgovCriteria, sort: readonly EgovReadSortField[]): EgovSearchQuery {
  const driver = drivingCriterion(criteria);
  const parameters: EgovSearchQuery['parameters'] = {};
  if (criteria.families.length === 1) parameters.family = criteria.families[0];
  else parameters.families = JSON.stringify(criteria.families);
  const conditions = [inFamilies(criteria, 'u')];
  if (criteria.tenantIds !== null) {
    conditions.push('u.tenant_id IN (SELECT value FROM json_each(@tenantIds))');
    parameters.tenantIds = JSON.stringify(criteria.tenantIds);
  }
  if (criteria.ids !== null) parameters.ids = JSON.stringify(criteria.ids);
  if (criteria.numericIds !== null) {
    if (driver !== 'numericIds') conditions.push(numericIdListed('u'));
    parameters.numericIds = JSON.stringify(criteria.numericIds);
  }
  if (criteria.userNameLc !== null) {
    conditions.push('u.user_name_lc = @userNameLc');
    parameters.userNameLc = criteria.userNameLc;
  }
  if (criteria.name !== null) {
    conditions.push('u.name_lc >= @nameFrom AND u.name_lc < @nameTo');
    parameters.nameFrom = criteria.name.from;
    parameters.nameTo = criteria.name.to ?? ABOVE_EVERY_TEXT;
  }
  if (criteria.mobileNumber !== null) {
    conditions.push('(u.mobile = @mobileNumber OR u.alt_mobile = @mobileNumber)');
    parameters.mobileNumber = criteria.mobileNumber;
  }
  if (criteria.emailLc !== null) {
    conditions.push('u.email_lc = @emailLc');
    parameters.emailLc = criteria.emailLc;
  }
  if (criteria.userType !== null) {
    conditions.push('u.user_type = @userType');
    parameters.userType = criteria.userType;
  }
  if (criteria.active !== null) {
    conditions.push('u.active = @active');
    parameters.active = criteria.active ? 1 : 0;
  }
  if (criteria.roleCodes !== null) {
    if (driver !== 'roleCodes') conditions.push(`u.id IN (${roleHolders(criteria)})`);
    parameters.roleCodes = JSON.stringify(criteria.roleCodes);
    parameters.roleCount = criteria.roleCodes.length;
  }
  if (criteria.sinceMs !== null) {
    conditions.push('u.updated_ms >= @sinceMs');
    parameters.sinceMs = criteria.sinceMs;
  }
  const from =
    driver === null
      ? 'user_views AS u'
      : `${drivingSet(criteria, driver)} AS wanted CROSS JOIN user_views AS u ON u.id = wanted.id`;
  const narrowed = driver !== null || criteria.userNameLc !== null || criteria.emailLc !== null;
  const order = [...sort.map((field) => `${narrowed ? '+' : ''}u.${SORT_COLUMN[field]}`), 'u.id'].join(', ');
  const sql = `SELECT u.id, u.view, u.path, u.depth FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
  return { sql, parameters };
}

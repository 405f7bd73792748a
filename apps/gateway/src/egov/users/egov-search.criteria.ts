import { USER_TYPES } from '@roster/domain';
import type { EgovSearchCriteria, EgovSortField } from '@roster/user-service-contract';
import { EGOV_SORT_FIELDS } from '@roster/user-service-contract';
import type { Violations } from '../egov-errors';
import type { JsonObject } from '../envelope/egov-fields';
import { canonicalFields, FieldReader, withoutAbsent } from '../envelope/egov-fields';

export const MAX_PAGE_SIZE = 100;
const DEFAULT_SORT: EgovSortField[] = ['name'];

const CRITERIA_FIELDS = [
  'tenantId',
  'id',
  'uuid',
  'userName',
  'name',
  'mobileNumber',
  'emailId',
  'active',
  'userType',
  'roleCodes',
  'lastChangedSince',
  'includeDetails',
  'pageSize',
  'pageNumber',
  'sort',
] as const;
type CriteriaField = (typeof CRITERIA_FIELDS)[number];

const LIST_FIELDS: ReadonlySet<CriteriaField> = new Set(['id', 'uuid', 'roleCodes', 'sort']);

/**
 * Search criteria of `/user/_search`, `/user/v1/_search` and `/user/citizen/_search`, from the body's top
 * level (beside RequestInfo, as egov-user reads them) and from query parameters. Each source is checked on its
 * own — a wrongly typed body field is refused even when the query gives the same criterion, as egov-user's
 * Jackson would refuse it — then a criterion given as a query parameter replaces the body's, and only then
 * are defaults applied. A list criterion in the query is repeated (`roleCodes=A&roleCodes=B`) or
 * comma-separated (`roleCodes=A,B`), as Spring binds it.
 * `activeByDefault`: `_search` finds only active users unless `active` is given.
 */
export function egovSearchCriteriaOf(
  body: JsonObject,
  query: JsonObject,
  activeByDefault: boolean,
  violations: Violations,
): EgovSearchCriteria {
  const given = {
    ...givenCriteria(canonicalFields(body, CRITERIA_FIELDS), violations),
    ...givenCriteria(queryCriteria(query), violations),
  };
  return withoutAbsent({
    ...given,
    active: given.active ?? (activeByDefault ? true : undefined),
    // Absent or 0: egov-user's "unset" (see pageSizeOf).
    pageSize: given.pageSize || MAX_PAGE_SIZE,
    pageNumber: given.pageNumber ?? 0,
    sort: given.sort ?? DEFAULT_SORT,
  });
}

/** The criteria one source gives, checked; a criterion it does not give is absent (undefined), never defaulted. */
function givenCriteria(fields: JsonObject, violations: Violations): Partial<EgovSearchCriteria> {
  const reader = new FieldReader<CriteriaField>(fields, CRITERIA_FIELDS, violations);
  const tenantId = reader.tenantId('tenantId');
  reader.boolean('includeDetails'); // Roster always answers the full user; the flag is only checked for its type.
  const numericIds = numericIdsOf(reader);
  const uuids = reader.stringArray('uuid') ?? [];
  const roleCodes = reader.stringArray('roleCodes');
  const lastChangedSince = reader.count('lastChangedSince');
  return withoutAbsent({
    tenantId,
    numericIds: numericIds.length > 0 ? numericIds : undefined,
    uuids: uuids.length > 0 ? uuids : undefined,
    userName: reader.string('userName'),
    name: reader.string('name'),
    mobileNumber: reader.string('mobileNumber'),
    emailId: reader.string('emailId'),
    active: reader.boolean('active'),
    userType: reader.choice('userType', USER_TYPES),
    roleCodes: roleCodes?.length ? roleCodes : undefined,
    lastChangedSince: lastChangedSince === undefined ? undefined : new Date(lastChangedSince),
    pageSize: pageSizeOf(reader),
    pageNumber: pageNumberOf(reader),
    sort: sortOf(reader),
  });
}

/** Query parameters under the criteria's names, list criteria as arrays. */
function queryCriteria(query: JsonObject): JsonObject {
  const criteria: JsonObject = {};
  for (const [name, value] of Object.entries(canonicalFields(query, CRITERIA_FIELDS)) as [CriteriaField, unknown][]) {
    const values = (Array.isArray(value) ? value : [value]).map(String);
    if (LIST_FIELDS.has(name))
      criteria[name] = values
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter(Boolean);
    else criteria[name] = values[values.length - 1];
  }
  return criteria;
}

/** egov's numeric ids, as numbers or as strings of digits (DIGIT's gateway and pgr declare them `List<String>`). */
function numericIdsOf(reader: FieldReader<CriteriaField>): number[] {
  const ids = reader.fields.id;
  if (ids === undefined || ids === null) return [];
  const numbers = Array.isArray(ids)
    ? ids.map((id) => (typeof id === 'string' && /^\d{1,10}$/.test(id.trim()) ? Number(id) : id))
    : [];
  if (Array.isArray(ids) && numbers.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id > 0))
    return numbers as number[];
  reader.invalid('id', 'must be an array of numeric user ids');
  return [];
}

/**
 * More than 100 is cut to 100, as egov-user cut oversized pages instead of refusing them. Absent or 0 is
 * egov-user's "unset", which in-cluster callers (pgr, property-services) send to get every match: once the
 * sources are merged, Roster answers its largest page, 100.
 */
function pageSizeOf(reader: FieldReader<CriteriaField>): number | undefined {
  const size = reader.count('pageSize');
  return size === undefined ? undefined : Math.min(size, MAX_PAGE_SIZE);
}

/** Pages past this one are refused by name (an offset that deep is no real request, and overflows the arithmetic). */
export const MAX_PAGE_NUMBER = 1_000_000;

function pageNumberOf(reader: FieldReader<CriteriaField>): number | undefined {
  const pageNumber = reader.count('pageNumber');
  if (pageNumber === undefined || pageNumber <= MAX_PAGE_NUMBER) return pageNumber;
  reader.invalid('pageNumber', `must be at most ${MAX_PAGE_NUMBER}`);
  return undefined;
}

/** Only whitelisted fields, matched case-insensitively: `sort` never reaches a query as text. */
function sortOf(reader: FieldReader<CriteriaField>): EgovSortField[] | undefined {
  const requested = reader.stringArray('sort');
  if (!requested?.length) return undefined;
  const sort = requested.map((field) =>
    EGOV_SORT_FIELDS.find((allowed) => allowed.toLowerCase() === field.trim().toLowerCase()),
  );
  if (sort.every((field): field is EgovSortField => field !== undefined)) return sort;
  reader.invalid('sort', `must list only ${EGOV_SORT_FIELDS.join(', ')}`);
  return undefined;
}

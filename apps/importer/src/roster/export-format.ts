import type { Address, ExistingUser, Profile } from '@roster/domain';
import { BLOOD_GROUPS, isNumericUserId, PROFILE_FIELDS, RELATIONSHIPS, USER_TYPES } from '@roster/domain';
import type { ImportCandidate, ImportProblem } from '../import-source';

/**
 * A Roster export (`npm run export`): JSON lines. The first line is an ExportHeader; every further line is one
 * ExportedUser, parents before their children, so that an import builds each user's ancestors first.
 */
export const EXPORT_FORMAT = 'roster-users';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  /** The tenants asked for (each with its sub-tenants), or null for all. */
  tenants: string[] | null;
  /** How many user lines follow. */
  users: number;
}

/** A user whole, as the event log folds it: enough to write the one UserImported event that rebuilds it. */
export interface ExportedUser {
  id: string;
  numericId: number | null;
  tenantId: string;
  userType: ExistingUser['userType'];
  userName: string | null;
  profile: Profile;
  roles: ExistingUser['roles'];
  active: boolean;
  parentId: string | null;
  /** The hash as the log holds it (argon2id, or an imported BCrypt one not yet rehashed). */
  passwordHash: string | null;
  passwordChangedAt: string | null;
  /** false for a password from egov-user, whose expiry never refused a login. */
  passwordExpiryApplies: boolean;
  lockedUntil: string | null;
  otpVerified: boolean;
  createdBy: string | null;
  lastModifiedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const EXPORTED_USER_FIELDS: readonly (keyof ExportedUser)[] = [
  'id',
  'numericId',
  'tenantId',
  'userType',
  'userName',
  'profile',
  'roles',
  'active',
  'parentId',
  'passwordHash',
  'passwordChangedAt',
  'passwordExpiryApplies',
  'lockedUntil',
  'otpVerified',
  'createdBy',
  'lastModifiedBy',
  'createdAt',
  'updatedAt',
];

const ADDRESS_FIELDS: readonly (keyof Address)[] = ['line1', 'line2', 'city', 'state', 'postalCode', 'country'];

/**
 * Login bookkeeping (failed logins, revoked tokens) is not exported: an import starts it afresh, as the
 * UserImported event does for every source.
 */
export function exportedUserOf(user: ExistingUser): ExportedUser {
  return {
    id: user.id,
    numericId: user.numericId,
    tenantId: user.tenantId,
    userType: user.userType,
    userName: user.userName,
    profile: user.profile,
    roles: user.roles,
    active: user.active,
    parentId: user.parentId,
    passwordHash: user.passwordHash,
    passwordChangedAt: user.passwordChangedAt,
    passwordExpiryApplies: user.passwordExpiryApplies,
    lockedUntil: user.lockedUntil,
    otpVerified: user.otpVerified,
    createdBy: user.createdBy,
    lastModifiedBy: user.lastModifiedBy,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function candidateOf({ id, ...rest }: ExportedUser): ImportCandidate {
  return { userId: id, ...rest };
}

/**
 * `--tenant pb` means pb and every tenant under it (pb.amritsar, …); no tenants means all. The same rule as the
 * egov import's `--tenant`.
 */
export function tenantSelector(tenants: readonly string[]): (tenantId: string) => boolean {
  if (tenants.length === 0) return () => true;
  return (tenantId) => tenants.some((tenant) => tenantId === tenant || tenantId.startsWith(`${tenant}.`));
}

/** The header line of a file, or why it is not a Roster export this version reads. */
export function parseHeader(line: string): ExportHeader {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw new Error('not a Roster export: its first line is not JSON');
  }
  if (!isObject(header) || header.format !== EXPORT_FORMAT)
    throw new Error(`not a Roster export: the first line does not say "format":"${EXPORT_FORMAT}"`);
  if (header.version !== EXPORT_VERSION)
    throw new Error(
      `a Roster export of version ${String(header.version)}; this Roster reads version ${EXPORT_VERSION}`,
    );
  const { exportedAt, tenants, users } = header;
  if (typeof exportedAt !== 'string' || !isTimestamp(exportedAt))
    throw new Error('the export header has no valid exportedAt');
  if (tenants !== null && !(Array.isArray(tenants) && tenants.every((tenant) => typeof tenant === 'string')))
    throw new Error('the export header has no valid tenants (a list of strings, or null)');
  if (typeof users !== 'number' || !Number.isInteger(users) || users < 0)
    throw new Error('the export header has no valid user count');
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt, tenants, users };
}

export type ParsedLine = { user: ExportedUser; problem: null } | { user: null; problem: ImportProblem };

/**
 * One user line, checked field by field (an export may have been edited or cut short): a line that is not a
 * complete, well-typed user is refused as `invalid_record`, naming the first field at fault.
 */
export function parseUserLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return refused(null, 'the line is not JSON');
  }
  if (!isObject(value)) return refused(null, 'the line is not a JSON object');
  const unknown = Object.keys(value).find((key) => !(EXPORTED_USER_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) return refused(unknown, `unknown field ${unknown}`);
  const fault = userFault(value);
  return fault ? refused(fault.field, fault.message) : { user: value as unknown as ExportedUser, problem: null };
}

interface Fault {
  field: string;
  message: string;
}

function userFault(user: Record<string, unknown>): Fault | null {
  const checks: [keyof ExportedUser, (value: unknown) => boolean, string][] = [
    ['id', isUuid, 'a UUID'],
    ['numericId', (value) => value === null || isNumericUserId(value), 'a positive 32-bit integer or null'],
    ['tenantId', isNonEmptyString, 'a non-empty string'],
    ['userType', (value) => (USER_TYPES as readonly unknown[]).includes(value), `one of ${USER_TYPES.join(', ')}`],
    ['userName', (value) => value === null || isNonEmptyString(value), 'a non-empty string or null'],
    ['roles', isRoleList, 'a list of {code, tenantId} with non-empty strings'],
    ['active', isBoolean, 'true or false'],
    ['parentId', (value) => value === null || isUuid(value), 'a UUID or null'],
    ['passwordHash', (value) => value === null || isNonEmptyString(value), 'a non-empty string or null'],
    ['passwordChangedAt', isTimestampOrNull, 'an ISO-8601 timestamp or null'],
    ['passwordExpiryApplies', isBoolean, 'true or false'],
    ['lockedUntil', isTimestampOrNull, 'an ISO-8601 timestamp or null'],
    ['otpVerified', isBoolean, 'true or false'],
    ['createdBy', (value) => value === null || isNonEmptyString(value), 'a non-empty string or null'],
    ['lastModifiedBy', (value) => value === null || isNonEmptyString(value), 'a non-empty string or null'],
    ['createdAt', (value) => typeof value === 'string' && isTimestamp(value), 'an ISO-8601 timestamp'],
    ['updatedAt', (value) => typeof value === 'string' && isTimestamp(value), 'an ISO-8601 timestamp'],
  ];
  for (const [field, valid, expected] of checks) {
    if (!(field in user)) return { field, message: `${field} is missing` };
    if (!valid(user[field])) return { field, message: `${field} must be ${expected}` };
  }
  if (!('profile' in user)) return { field: 'profile', message: 'profile is missing' };
  return profileFault(user.profile);
}

function profileFault(profile: unknown): Fault | null {
  if (!isObject(profile)) return { field: 'profile', message: 'profile must be an object' };
  for (const field of ['firstName', 'lastName'] as const)
    if (typeof profile[field] !== 'string') return { field: `profile.${field}`, message: `${field} must be a string` };
  for (const [key, value] of Object.entries(profile)) {
    const field = `profile.${key}`;
    if (!(PROFILE_FIELDS as readonly string[]).includes(key)) return { field, message: `unknown field ${field}` };
    if (value === null) continue;
    if (key === 'address') {
      const fault = addressFault(value);
      if (fault) return fault;
    } else if (typeof value !== 'string') return { field, message: `${field} must be a string or null` };
    else if (key === 'relationship' && !(RELATIONSHIPS as readonly string[]).includes(value))
      return { field, message: `${field} must be one of ${RELATIONSHIPS.join(', ')}` };
    else if (key === 'bloodGroup' && !(BLOOD_GROUPS as readonly string[]).includes(value))
      return { field, message: `${field} must be one of ${BLOOD_GROUPS.join(', ')}` };
  }
  return null;
}

function addressFault(address: unknown): Fault | null {
  if (!isObject(address)) return { field: 'profile.address', message: 'profile.address must be an object or null' };
  for (const [key, value] of Object.entries(address)) {
    const field = `profile.address.${key}`;
    if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) return { field, message: `unknown field ${field}` };
    if (value !== null && typeof value !== 'string') return { field, message: `${field} must be a string or null` };
  }
  return null;
}

function refused(field: string | null, message: string): ParsedLine {
  return { user: null, problem: { reason: 'invalid_record', field, message } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

function isTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

function isTimestampOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'string' && isTimestamp(value));
}

function isRoleList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (role) =>
        isObject(role) &&
        Object.keys(role).length === 2 &&
        isNonEmptyString(role.code) &&
        isNonEmptyString(role.tenantId),
    )
  );
}

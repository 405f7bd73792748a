import type { Position } from '@roster/event-store';
import { egovSearchKeysOf } from '../egov-search';
import { searchKeysOf } from '../search-keys';
// Store-neutral helpers that live beside the SQLite adapter; shared so both stores keep the same path format.
import { ancestorsOfPath, pathOf } from '../sqlite/materialized-path';
import type { UserView } from '../user-view';

/**
 * One user as stored: the view's own fields at the top level (`_id` is the user id), plus what the queries
 * seek on. `mobile` is a view field and its own search key (mobile numbers are not case-folded).
 * Ancestors are not stored as such: `path` (see materialized-path) holds them, so the whole subtree below a
 * user is one anchored range on an index, and `depth` sits beside it.
 */
export interface UserViewDocument extends Omit<UserView, 'id' | 'ancestors' | 'depth'> {
  _id: string;
  path: string;
  depth: number;
  emailLc: string | null;
  fullNameLc: string;
  lastNameLc: string;
  /**
   * Whether the last name sorts before "first last". A user whose name matches a search both ways is served
   * once, under the smaller key; this flag lets a plain filter say which, where SQL compares two columns.
   */
  lastNameFirst: boolean;
  /** `updatedAt` in epoch milliseconds: ISO strings with different offsets would not sort by time. */
  updatedMs: number;
  // The egov search's keys (see egov-search.ts); `mobile`, `altContactNumber`, `userType`, `active` and `numericId` are view fields.
  stateTenant: string;
  userNameLc: string | null;
  nameLc: string;
  /** The distinct codes of the user's roles: `$all` on a multikey index. */
  roleCodes: string[];
  createdMs: number;
}

export type KeyField = 'path' | 'emailLc' | 'mobile' | 'fullNameLc' | 'lastNameLc' | 'updatedMs';

/** Bump when the documents change shape: views of another version are dropped and rebuilt from the log. */
export const USER_VIEWS_SCHEMA_VERSION = 3;
/** The document in CHECKPOINTS that records the version of the stored views. */
export const USER_VIEWS_SCHEMA_ID = 'user_views_schema';

export interface SchemaDocument {
  _id: string;
  version: number;
}

export const USER_VIEWS = 'user_views';

/**
 * Every index leads with tenantId, so no query crosses tenants, and ends with _id, the keyset tie-breaker.
 * by_path serves children (equality on the path) and descendants (a range on it), as in the SQLite adapter.
 * No unique index beyond _id: e-mail and mobile uniqueness is the write side's, a read model never rejects.
 */
export const USER_VIEW_INDEXES: readonly { name: string; key: Record<string, 1> }[] = [
  { name: 'by_tenant', key: { tenantId: 1, _id: 1 } },
  { name: 'by_path', key: { tenantId: 1, path: 1, _id: 1 } },
  { name: 'by_email', key: { tenantId: 1, emailLc: 1, _id: 1 } },
  { name: 'by_mobile', key: { tenantId: 1, mobile: 1, _id: 1 } },
  { name: 'by_full_name', key: { tenantId: 1, fullNameLc: 1, _id: 1 } },
  { name: 'by_last_name', key: { tenantId: 1, lastNameLc: 1, _id: 1 } },
  { name: 'by_updated', key: { tenantId: 1, updatedMs: 1, _id: 1 } },
  // The egov search: each criterion and each sort field has one, within the state-level tenant.
  { name: 'egov_by_name', key: { stateTenant: 1, nameLc: 1, _id: 1 } },
  { name: 'egov_by_user_name', key: { stateTenant: 1, userNameLc: 1, _id: 1 } },
  { name: 'egov_by_mobile', key: { stateTenant: 1, mobile: 1, _id: 1 } },
  { name: 'egov_by_alt_mobile', key: { stateTenant: 1, altContactNumber: 1, _id: 1 } },
  { name: 'egov_by_email', key: { stateTenant: 1, emailLc: 1, _id: 1 } },
  { name: 'egov_by_type', key: { stateTenant: 1, userType: 1, active: 1, nameLc: 1, _id: 1 } },
  { name: 'egov_by_role', key: { stateTenant: 1, roleCodes: 1, _id: 1 } },
  { name: 'egov_by_created', key: { stateTenant: 1, createdMs: 1, _id: 1 } },
  { name: 'egov_by_updated', key: { stateTenant: 1, updatedMs: 1, _id: 1 } },
  { name: 'egov_by_numeric_id', key: { stateTenant: 1, numericId: 1, _id: 1 } },
];

export function documentOfView(view: UserView): UserViewDocument {
  const { id, ancestors, depth, ...fields } = view;
  const keys = searchKeysOf(view);
  const egov = egovSearchKeysOf(view);
  return {
    _id: id,
    ...fields,
    path: pathOf(ancestors),
    depth,
    emailLc: keys.emailLc,
    fullNameLc: keys.fullNameLc,
    lastNameLc: keys.lastNameLc,
    lastNameFirst: compareKeys(keys.lastNameLc, keys.fullNameLc) < 0,
    updatedMs: Date.parse(view.updatedAt),
    stateTenant: egov.stateTenant,
    userNameLc: egov.userNameLc,
    nameLc: egov.nameLc,
    roleCodes: egov.roleCodes,
    createdMs: egov.createdMs,
  };
}

export function viewOfDocument(document: UserViewDocument): UserView {
  const { _id, path, depth, emailLc, fullNameLc, lastNameLc, lastNameFirst, updatedMs, ...rest } = document;
  const { stateTenant, userNameLc, nameLc, roleCodes, createdMs, ...fields } = rest;
  return { id: _id, ...fields, ancestors: ancestorsOfPath(path), depth };
}

/**
 * Keys in the order the store compares them: numbers by value, strings by code point. JavaScript's `<` on
 * strings compares UTF-16 units, which puts U+10000 and up before U+E000..U+FFFF; UTF-8 bytes do not, and
 * MongoDB compares strings by their UTF-8 bytes.
 */
export function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}

export const CHECKPOINTS = 'checkpoints';
export const USERS_CHECKPOINT_ID = 'users';

/** The checkpoint document: `position` as a decimal string, zero-padded so string order is number order. */
export interface CheckpointDocument {
  _id: string;
  position: string;
}

// A log position is an unsigned 64-bit number: above a signed Long's range, so it is stored as text.
const POSITION_DIGITS = 20;
const POSITION_LIMIT = 2n ** 64n;
const STORED_POSITION = /^\d{20}$/;

export function encodePosition(position: Position): string {
  if (position < 0n || position >= POSITION_LIMIT)
    throw new RangeError(`log position out of the 64-bit range: ${position}`);
  return position.toString().padStart(POSITION_DIGITS, '0');
}

export function decodePosition(stored: string): Position {
  if (!STORED_POSITION.test(stored)) throw new Error(`malformed stored checkpoint: ${JSON.stringify(stored)}`);
  return BigInt(stored);
}

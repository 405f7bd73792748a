import type { ProfileColumns, Role, UserType } from '@roster/domain';

/** Every profile field of the domain, an optional one that is absent as null: the view grows with the profile. */
export type ProfileView = ProfileColumns;

/**
 * A user as the read side answers it: public state only, plus where it sits in the hierarchy.
 * Never a credential: no password hash, no failed-login times, no token revocation time. `lockedUntil` is
 * stored as is; whether the account is locked now is the caller's to decide with its clock.
 */
export interface UserView extends ProfileView {
  id: string;
  tenantId: string;
  userType: UserType;
  userName: string | null;
  /** The number DIGIT clients know the user by; null for users created before numeric ids existed. */
  numericId: number | null;
  roles: Role[];
  active: boolean;
  lockedUntil: string | null;
  /** When the password was last set (it expires a configured time later); null without a password. */
  passwordChangedAt: string | null;
  /** The mobile number was proved with an OTP at least once. */
  otpVerified: boolean;
  createdBy: string | null;
  lastModifiedBy: string | null;
  parentId: string | null;
  /** Ancestor ids, root first; the last one is `parentId`. */
  ancestors: string[];
  /** Number of ancestors (0 for a root user). */
  depth: number;
  /** Stream revision the view reflects; an event with a revision at or below it is already applied. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** A user's public fields without its place in the hierarchy (what a command answer carries). */
export type PublicUser = Omit<UserView, 'ancestors' | 'depth' | 'revision'>;

export interface PageRequest {
  /** 1..100 */
  limit: number;
  /** Opaque cursor from a previous page of the same query. */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, or null when this was the last. */
  after: string | null;
}

/** Case-insensitive prefix criteria, ANDed. `name` is a prefix of "first last" or of the last name. */
export interface UserSearchCriteria {
  name?: string;
  email?: string;
  mobile?: string;
}

/**
 * Which tenants an egov search covers: a state-level family (`pb`: `pb` itself and every `pb.<city>`), or
 * exactly the tenants listed (none listed: nobody). There is no search across every tenant.
 */
export type TenantScope = { family: string } | { tenantIds: readonly string[] };

/**
 * The egov-user search criteria, ANDed; an absent criterion (or an empty list) is no criterion.
 * Exact matches unless said otherwise.
 */
export interface EgovReadCriteria {
  tenants: TenantScope;
  /** egov `uuid[]`: the user ids. */
  ids?: readonly string[];
  /** egov `id[]`: the users' numeric ids (users created before numeric ids existed have none and never match). */
  numericIds?: readonly number[];
  /** Compared lower-cased. */
  userName?: string;
  /** Case-insensitive, anchored prefix of the full name (first, middle and last, joined by single spaces). */
  name?: string;
  /** Matches the mobile number or the alternate contact number. */
  mobileNumber?: string;
  /** Compared lower-cased. */
  emailId?: string;
  active?: boolean;
  userType?: UserType;
  /** Users holding every one of these role codes (in any tenant of the user's family). */
  roleCodes?: readonly string[];
  /** Created or changed at or after this time (`updatedAt`; a login failure or an OTP check is no change). */
  lastChangedSince?: Date;
}

export const EGOV_READ_SORT_FIELDS = [
  'name',
  'userName',
  'mobileNumber',
  'emailId',
  'createdDate',
  'lastModifiedDate',
] as const;
export type EgovReadSortField = (typeof EGOV_READ_SORT_FIELDS)[number];

/** Offset paging, as egov-user pages: `pageSize * pageNumber` users are skipped. */
export interface EgovPageRequest {
  /** 1..100 */
  pageSize: number;
  /** 0-based. */
  pageNumber: number;
  /** Ascending, in this order of precedence, then by id; empty or absent: by name. */
  sort?: readonly EgovReadSortField[];
}

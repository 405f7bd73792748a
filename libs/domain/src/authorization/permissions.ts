import type { UserType } from '../user/user.types';
import { USER_TYPES } from '../user/user.types';

/**
 * Permissions are colon-separated segments: `user:read`, `user:create:<type>`, `user:update:<type>`,
 * `user:erase:<type>` with type citizen | employee | system | business. A held `*` segment matches any one segment, and as the last
 * segment it matches everything below it too: `user:*` grants `user:read` and `user:create:employee`,
 * `user:create:*` every create, `*` everything. Wildcards only count in what a caller holds, never in what a
 * route requires.
 */
export type Permission = string;

/**
 * `erase`: DELETE /users/{id}, which destroys a user's personal data for good. Granted like the others by `user:*`,
 * `user:erase:*` and `*`, but never by the first keys' `users:write` (create and update only): a key issued before
 * erasure existed does not gain it.
 */
export type UserAction = 'create' | 'update' | 'erase';

const USER_ACTIONS: readonly string[] = ['create', 'update', 'erase'] satisfies UserAction[];

export const READ_USERS: Permission = 'user:read';

/** Everything; what the bootstrap API key and the super-user role hold. */
export const ALL_PERMISSIONS: Permission = '*';

const TYPE_SEGMENTS: readonly string[] = USER_TYPES.map((type) => type.toLowerCase());

/** The permission creating (updating, erasing) a user of `userType` needs, e.g. `user:create:employee`. */
export function requiredPermission(action: UserAction, userType: UserType): Permission {
  return `user:${action}:${userType.toLowerCase()}`;
}

export function grants(held: readonly Permission[], required: Permission): boolean {
  const wanted = required.split(':');
  return held.some((permission) => matches(permission.split(':'), wanted));
}

/** True when `held` grants `action` on users of every type (then no per-user type check is needed). */
export function grantsForEveryType(held: readonly Permission[], action: UserAction): boolean {
  return USER_TYPES.every((type) => grants(held, requiredPermission(action, type)));
}

/** True when `held` grants `action` on users of at least one type. */
export function grantsForSomeType(held: readonly Permission[], action: UserAction): boolean {
  return USER_TYPES.some((type) => grants(held, requiredPermission(action, type)));
}

/** A well-formed permission of the vocabulary, wildcards included (e.g. for a role catalogue or the API-key CLI). */
export function isPermission(value: string): boolean {
  const [resource, action, type, ...rest] = value.split(':');
  if (rest.length > 0) return false;
  if (resource === '*') return action === undefined;
  if (resource !== 'user') return false;
  if (action === '*' || action === 'read') return type === undefined;
  if (!USER_ACTIONS.includes(action)) return false;
  return type === '*' || TYPE_SEGMENTS.includes(type);
}

/**
 * The vocabulary's equivalent of a permission, which may be a name of the first nCore API keys
 * (`users:read`, `users:write`) still stored in their ApiKeyIssued events.
 */
export function currentPermissions(permission: string): Permission[] {
  if (permission === 'users:read') return [READ_USERS];
  if (permission === 'users:write') return ['user:create:*', 'user:update:*'];
  return [permission];
}

function matches(held: readonly string[], wanted: readonly string[]): boolean {
  for (let index = 0; index < held.length; index++) {
    const segment = held[index];
    if (index >= wanted.length) return false;
    if (segment === '*') {
      if (index === held.length - 1) return true;
      continue;
    }
    if (segment !== wanted[index]) return false;
  }
  return held.length === wanted.length;
}

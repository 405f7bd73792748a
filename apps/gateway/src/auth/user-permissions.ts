import type { Permission, UserAction, UserType } from '@roster/domain';
import { requiredPermission, USER_TYPES } from '@roster/domain';
import type { FastifyRequest } from 'fastify';

/**
 * POST /users needs `user:create:<type>` for the type of the new user (CITIZEN when not given, any case,
 * as the DTO reads it). The guard runs before validation: for a type that is no user type the key must be
 * able to create some type, and validation then answers 400.
 */
export function createPermissions(request: FastifyRequest): readonly Permission[] {
  const given = (request.body as { user_type?: unknown } | null | undefined)?.user_type;
  if (given === undefined || given === null) return [requiredPermission('create', 'CITIZEN')];
  const type = typeof given === 'string' ? given.trim().toUpperCase() : null;
  if (type !== null && isUserType(type)) return [requiredPermission('create', type)];
  return everyType('create');
}

/** PUT /users/:id: the user's type is known only after reading it, so the guard lets a key that may update some type through. */
export function updatePermissionsOfSomeType(): readonly Permission[] {
  return everyType('update');
}

/** DELETE /users/:id: like PUT, the user's type is checked once the user is read. */
export function erasePermissionsOfSomeType(): readonly Permission[] {
  return everyType('erase');
}

function everyType(action: UserAction): Permission[] {
  return USER_TYPES.map((type) => requiredPermission(action, type));
}

function isUserType(value: string): value is UserType {
  return (USER_TYPES as readonly string[]).includes(value);
}

import type { UserAction, UserType } from '@roster/domain';
import { grants, READ_USERS, requiredPermission, sameTenantFamily } from '@roster/domain';
import type { EgovCaller } from '@roster/user-service-contract';
import { forbidden, invalid, userNotFound } from './egov-errors';

/**
 * Who may do what on the egov face (docs/egov-api.md, "Users and roles"): a CITIZEN reads and changes only
 * itself; other callers act on users of their own tenant family when their roles grant the permission.
 * A user outside the caller's family is answered like a missing one. A trusted caller (behind DIGIT's
 * gateway, which authorised the request) passes every check, as it does at egov-user.
 */

export function requirePermission(caller: EgovCaller, permission: string): void {
  if (!caller.trusted && !grants(caller.permissions, permission)) throw forbidden(permission);
}

/** Creating (or updating) a user of `userType` in `tenantId`. */
export function requireMayWrite(caller: EgovCaller, action: UserAction, userType: UserType, tenantId: string): void {
  if (caller.trusted) return;
  if (caller.userType === 'CITIZEN' || !sameTenantFamily(caller.tenantId ?? '', tenantId))
    throw forbidden(requiredPermission(action, userType));
  requirePermission(caller, requiredPermission(action, userType));
}

/** Changing an existing user: a foreign user does not exist for the caller; a visible one needs the permission. */
export function requireMayChange(
  caller: EgovCaller,
  target: { id: string; tenantId: string; userType: UserType },
): void {
  if (caller.trusted) return;
  if (!sameTenantFamily(caller.tenantId ?? '', target.tenantId)) throw userNotFound();
  if (caller.userType === 'CITIZEN' && caller.userId !== target.id) throw userNotFound();
  requirePermission(caller, requiredPermission('update', target.userType));
}

export function requireMayRead(caller: EgovCaller): void {
  if (caller.userType !== 'CITIZEN') requirePermission(caller, READ_USERS);
}

/** The caller's own uuid, for what only a user can do for itself (its profile, its password). */
export function callingUser(caller: EgovCaller): string {
  if (caller.userId === null)
    throw invalid('MISSING_FIELD', 'RequestInfo.userInfo must name the calling user', 'RequestInfo.userInfo');
  return caller.userId;
}

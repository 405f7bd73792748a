import type { Profile, ProfileChanges, Role } from '@roster/domain';
import { PROFILE_FIELDS, sameTenantFamily, splitFullName } from '@roster/domain';
import type { EgovUserInput } from '@roster/user-service-contract';
import type { RoleCatalogue } from '../auth/ports';
import { invalid } from './egov-errors';

/** The input fields the gateway leaves to the use case to require (they are optional in EgovUserInput). */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw invalid('MISSING_FIELD', `${field} is required`, field);
  }
  return value;
}

/** The profile fields sent (only those the domain knows), with egov's `name` split into first and last name. */
export function profileChangesOf(input: EgovUserInput): ProfileChanges {
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    const value = input.profile?.[field];
    if (value !== undefined) changes[field] = value;
  }
  return { ...changes, ...(input.name !== undefined ? splitFullName(input.name) : {}) };
}

/** A new user's profile: a name is required (egov `name`, or first name in domain terms). */
export function newProfileOf(input: EgovUserInput): Profile {
  const profile = profileChangesOf(input);
  const firstName = required(profile.firstName, 'name');
  return { ...profile, firstName, lastName: profile.lastName ?? '' };
}

/**
 * The roles as the domain stores them: each in the user's tenant unless it names one of the same family,
 * each defined in the catalogue for its tenant, no role twice.
 */
export function rolesOf(requested: EgovUserInput['roles'], userTenantId: string, catalogue: RoleCatalogue): Role[] {
  const roles = new Map<string, Role>();
  for (const { code, tenantId = userTenantId } of requested ?? []) {
    if (!sameTenantFamily(tenantId, userTenantId)) {
      throw invalid(
        'INVALID_ROLE',
        `role ${code} is given in tenant ${tenantId}, outside the user's tenant family`,
        'roles',
      );
    }
    if (!catalogue.find(tenantId, code))
      throw invalid('INVALID_ROLE', `role ${code} does not exist in tenant ${tenantId}`, 'roles');
    roles.set(`${tenantId}|${code}`, { code, tenantId });
  }
  return [...roles.values()];
}

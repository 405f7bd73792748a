import { readFileSync } from 'node:fs';
import type { RosterConfig } from '@roster/config';
import type { Role } from '@roster/domain';
import builtInCatalogue from '../../../../../config/roles.json';
import type { RoleDefinition } from '../ports';
import { RoleCatalogue } from '../ports';

/** `*` holds the roles of every tenant; a tenant's own list adds roles or redefines some of them. */
export const ANY_TENANT = '*';
export const BUILT_IN_CATALOGUE_NAME = 'built-in config/roles.json';

const TENANT_KEY = /^(\*|[a-z][a-z0-9.]{0,63})$/i;
const ROLE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// Segments separated by ':', each a lower-case word or `*` (user:read, user:create:employee, user:*, *).
const PERMISSION = /^(\*|[a-z][a-z0-9_-]*)(:(\*|[a-z][a-z0-9_-]*))*$/;

/** A catalogue file that cannot be used; the message names the file and the entry at fault. */
export class RoleCatalogueError extends Error {
  constructor(source: string, problem: string) {
    super(`invalid role catalogue ${source}: ${problem}`);
    this.name = 'RoleCatalogueError';
  }
}

/**
 * The role catalogue (`{"tenants": {"*": [roles], "pb": [roles], ...}}`), read and validated once at start,
 * so a broken file stops start-up instead of refusing logins later. A role is looked up in the tenant's
 * own list, then its state-level tenant's (`pb.amritsar` → `pb`), then `*`.
 */
export class FileRoleCatalogue extends RoleCatalogue {
  private constructor(private readonly tenants: ReadonlyMap<string, ReadonlyMap<string, RoleDefinition>>) {
    super();
  }

  /** ROSTER_ROLES_FILE when set, else the built-in catalogue. */
  static fromConfig(config: RosterConfig): FileRoleCatalogue {
    return config.egov.rolesFile ? FileRoleCatalogue.fromFile(config.egov.rolesFile) : FileRoleCatalogue.builtIn();
  }

  static builtIn(): FileRoleCatalogue {
    return FileRoleCatalogue.parse(builtInCatalogue, BUILT_IN_CATALOGUE_NAME);
  }

  static fromFile(path: string): FileRoleCatalogue {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new RoleCatalogueError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new RoleCatalogueError(path, `is not JSON (${(error as Error).message})`);
    }
    return FileRoleCatalogue.parse(json, path);
  }

  /** `source` names the catalogue in error messages. */
  static parse(json: unknown, source: string): FileRoleCatalogue {
    const fail = (problem: string) => new RoleCatalogueError(source, problem);
    if (!isObject(json) || !isObject(json.tenants))
      throw fail('must be an object {"tenants": {"<tenant or *>": [roles]}}');
    const tenants = new Map<string, Map<string, RoleDefinition>>();
    for (const [tenantId, roles] of Object.entries(json.tenants)) {
      if (!TENANT_KEY.test(tenantId))
        throw fail(`tenants["${tenantId}"]: a tenant is "*" or a tenant id like "pb" or "pb.amritsar"`);
      if (!Array.isArray(roles)) throw fail(`tenants["${tenantId}"] must be an array of roles`);
      const byCode = new Map<string, RoleDefinition>();
      roles.forEach((entry: unknown, index) => {
        const role = parseRole(entry, (problem) =>
          fail(`tenants["${tenantId}"][${index}]${codeOf(entry)}: ${problem}`),
        );
        if (byCode.has(role.code)) throw fail(`tenants["${tenantId}"][${index}]: role ${role.code} is defined twice`);
        byCode.set(role.code, role);
      });
      tenants.set(tenantId, byCode);
    }
    return new FileRoleCatalogue(tenants);
  }

  find(tenantId: string, code: string): RoleDefinition | null {
    for (const tenant of lookupOrder(tenantId)) {
      const role = this.tenants.get(tenant)?.get(code);
      if (role) return role;
    }
    return null;
  }

  permissionsOf(roles: readonly Role[]): string[] {
    const permissions = new Set(roles.flatMap((role) => this.find(role.tenantId, role.code)?.permissions ?? []));
    return [...permissions].sort();
  }
}

function lookupOrder(tenantId: string): string[] {
  const stateLevel = tenantId.split('.')[0];
  return [...new Set([tenantId, stateLevel, ANY_TENANT])];
}

function parseRole(entry: unknown, fail: (problem: string) => Error): RoleDefinition {
  if (!isObject(entry)) throw fail('a role must be an object {code, name, description?, permissions}');
  const { code, name, description, permissions } = entry;
  if (typeof code !== 'string' || !ROLE_CODE.test(code))
    throw fail('code must be letters, digits, "_", "-" or "." (at most 64)');
  if (typeof name !== 'string' || !name.trim()) throw fail('name must be a non-empty string');
  if (description !== undefined && typeof description !== 'string')
    throw fail('description must be a string when given');
  if (!Array.isArray(permissions)) throw fail('permissions must be an array (empty for none)');
  const bad = permissions.find((permission) => typeof permission !== 'string' || !PERMISSION.test(permission));
  if (bad !== undefined)
    throw fail(`permission ${JSON.stringify(bad)} is not like "user:read", "user:create:employee", "user:*" or "*"`);
  return {
    code,
    name,
    ...(description === undefined ? {} : { description }),
    permissions: [...new Set(permissions as string[])],
  };
}

function codeOf(entry: unknown): string {
  return isObject(entry) && typeof entry.code === 'string' ? ` (${entry.code})` : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { parseArgs } from 'node:util';
import { currentPermissions, isPermission } from '@roster/domain';

export const DEFAULT_API_KEY_PERMISSIONS = 'user:*';

export const API_KEY_USAGE =
  'usage: npm run api-key -- --tenant <tenantId> [--permissions <list>] [--label <text>]\n' +
  '  Issues another API key into the event store the environment configures (EVENT_STORE, DATA_DIR, EVENTSTORE_URL)\n' +
  '  and prints it once; only its SHA-256 is stored.\n' +
  '  --tenant       the tenant the key belongs to (letters, digits, dots)\n' +
  '  --permissions  comma-separated: user:read, user:create:<type>, user:update:<type>, user:erase:<type> (type citizen, employee,\n' +
  `                 system, business or *), user:*, *; default ${DEFAULT_API_KEY_PERMISSIONS}\n` +
  '  --label        a note kept with the key (default cli)\n' +
  '  --help, -h     this text';

/** What the command line asks for: the usage, a key to issue, or nothing it can do (with the reason). */
export type ApiKeyArguments =
  | { kind: 'help' }
  | { kind: 'issue'; tenantId: string; permissions: string[]; label: string }
  | { kind: 'invalid'; message: string };

export function parseApiKeyArguments(args: string[]): ApiKeyArguments {
  let values: { tenant?: string; permissions?: string; label?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        tenant: { type: 'string' },
        permissions: { type: 'string' },
        label: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { kind: 'help' };
  const tenantId = values.tenant?.trim();
  if (!tenantId || !/^[a-z][a-z0-9.]{0,63}$/i.test(tenantId))
    return invalid('--tenant is required (letters, digits, dots)');
  // The first keys' names (users:read, users:write) are still accepted and stored as their equivalents.
  const given = (values.permissions ?? DEFAULT_API_KEY_PERMISSIONS).split(',').map((permission) => permission.trim());
  const permissions = [...new Set(given.flatMap(currentPermissions))];
  const unknown = permissions.filter((permission) => !isPermission(permission));
  if (unknown.length) return invalid(`--permissions: unknown ${unknown.join(', ')}`);
  return { kind: 'issue', tenantId, permissions, label: values.label ?? 'cli' };
}

function invalid(reason: string): ApiKeyArguments {
  return { kind: 'invalid', message: `${reason}\n${API_KEY_USAGE}` };
}

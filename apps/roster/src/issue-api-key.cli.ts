import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@roster/config';
import { currentPermissions, isPermission } from '@roster/domain';
import { createEventStore } from '@roster/stores';
import { apiKeyIssuance, generateApiKey } from '@roster/user-service';

const DEFAULT_PERMISSIONS = 'user:*';
const USAGE =
  'usage: npm run api-key -- --tenant <tenantId> [--permissions user:read,user:create:employee,user:update:*] [--label <text>]\n' +
  `  permissions: user:read, user:create:<type>, user:update:<type> (type citizen|employee|system|business or *), user:*, *; default ${DEFAULT_PERMISSIONS}`;

/** Issues another API key into the configured event store and prints it once. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tenant: { type: 'string' }, permissions: { type: 'string' }, label: { type: 'string' } } });
  const tenantId = values.tenant?.trim();
  if (!tenantId || !/^[a-z][a-z0-9.]{0,63}$/i.test(tenantId)) fail(`--tenant is required (letters, digits, dots)\n${USAGE}`);
  // The first keys' names (users:read, users:write) are still accepted and stored as their equivalents.
  const given = (values.permissions ?? DEFAULT_PERMISSIONS).split(',').map((permission) => permission.trim());
  const permissions = [...new Set(given.flatMap(currentPermissions))];
  const unknown = permissions.filter((permission) => !isPermission(permission));
  if (unknown.length) fail(`--permissions: unknown ${unknown.join(', ')}\n${USAGE}`);

  const store = createEventStore(loadConfigOrExit());
  const key = generateApiKey();
  const grant = { tenantId, permissions, label: values.label ?? 'cli', at: new Date() };
  await store.appendMany([apiKeyIssuance(key, grant)]);
  await store.close();
  process.stdout.write(`${key}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) => fail(`issuing the API key failed: ${error instanceof Error ? error.message : String(error)}`));

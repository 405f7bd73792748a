import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '@roster/config';
import { API_KEY_PERMISSIONS, ApiKeyPermission } from '@roster/domain';
import { createEventStore } from '@roster/stores';
import { apiKeyIssuance, generateApiKey } from '@roster/user-service';

const USAGE = 'usage: npm run api-key -- --tenant <tenantId> [--permissions users:read,users:write] [--label <text>]';

/** Issues another API key into the configured event store and prints it once. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { tenant: { type: 'string' }, permissions: { type: 'string' }, label: { type: 'string' } } });
  const tenantId = values.tenant?.trim();
  if (!tenantId || !/^[a-z][a-z0-9.]{0,63}$/i.test(tenantId)) fail(`--tenant is required (letters, digits, dots)\n${USAGE}`);
  const permissions = (values.permissions ?? API_KEY_PERMISSIONS.join(',')).split(',').map((permission) => permission.trim());
  const unknown = permissions.filter((permission) => !(API_KEY_PERMISSIONS as readonly string[]).includes(permission));
  if (unknown.length) fail(`--permissions: unknown ${unknown.join(', ')}; known: ${API_KEY_PERMISSIONS.join(', ')}`);

  const store = createEventStore(loadConfigOrExit());
  const key = generateApiKey();
  const grant = { tenantId, permissions: permissions as ApiKeyPermission[], label: values.label ?? 'cli', at: new Date() };
  await store.appendMany([apiKeyIssuance(key, grant)]);
  await store.close();
  process.stdout.write(`${key}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) => fail(`issuing the API key failed: ${error instanceof Error ? error.message : String(error)}`));

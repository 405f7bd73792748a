import { loadConfigOrExit } from '@roster/config';
import { createEventStore } from '@roster/stores';
import { apiKeyIssuance, generateApiKey } from '@roster/user-service';
import { API_KEY_USAGE, parseApiKeyArguments } from './api-key-arguments';

/** `npm run api-key`: issues another API key into the configured event store and prints it once. */
async function main(): Promise<void> {
  const request = parseApiKeyArguments(process.argv.slice(2));
  if (request.kind === 'help') {
    process.stdout.write(`${API_KEY_USAGE}\n`);
    return;
  }
  if (request.kind === 'invalid') fail(request.message);

  const store = createEventStore(loadConfigOrExit());
  const key = generateApiKey();
  const grant = { tenantId: request.tenantId, permissions: request.permissions, label: request.label, at: new Date() };
  await store.appendMany([apiKeyIssuance(key, grant)]);
  await store.close();
  process.stdout.write(`${key}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) =>
  fail(`issuing the API key failed: ${error instanceof Error ? error.message : String(error)}`),
);

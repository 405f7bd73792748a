import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@roster/config';
import { createHttpApp } from '@roster/gateway';
import { observeProcess } from '@roster/observability';
import { connectStores } from '@roster/stores';
import { RosterModule } from './roster.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  observeProcess('roster', config.observability.tracing);
  const stores = await connectStores(config);
  const app = await createHttpApp(RosterModule.forRoot(config, stores), config);
  await app.listen(config.port, config.host);
  new Logger('Roster').log(
    `serving on http://${config.host}:${config.port} (docs at /docs), data in ${config.dataDir}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Roster failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

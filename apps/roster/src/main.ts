import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import type { RosterConfig } from '@roster/config';
import { loadConfigOrExit } from '@roster/config';
import { createHttpApp } from '@roster/gateway';
import { observeProcess } from '@roster/observability';
import { connectStores } from '@roster/stores';
import { runPrimary } from './cluster/primary';
import { serveAsWorker } from './cluster/worker';
import { RosterModule } from './roster.module';

/** Every role in this one process (ROSTER_WORKERS=1). */
async function runAlone(config: RosterConfig): Promise<void> {
  observeProcess('roster', config.observability.tracing);
  const stores = await connectStores(config);
  const app = await createHttpApp(RosterModule.forRoot(config, stores), config);
  await app.listen(config.port, config.host);
  new Logger('Roster').log(
    `serving on http://${config.host}:${config.port} (docs at /docs), data in ${config.dataDir}`,
  );
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (cluster.isWorker) return serveAsWorker(config);
  return config.workers > 1 ? runPrimary(config) : runAlone(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`Roster failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

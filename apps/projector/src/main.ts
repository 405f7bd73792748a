import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfigOrExit } from '@roster/config';
import { createJsonLogger, lagOf, observeProcess, startOpsServer } from '@roster/observability';
import { connectStores, StoresModule } from '@roster/stores';
import { ProjectorModule } from './projector.module';
import { ProjectorService } from './projector.service';

/** Metrics and health listener of a projector process (ROSTER_OPS_PORT). */
export const PROJECTOR_OPS_PORT = 9102;

/** The projector on its own (split deployment): follows the event store and keeps the read model current. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  observeProcess('projector', config.observability.tracing);
  const stores = await connectStores(config);

  @Module({ imports: [ConfigModule.forRoot(config), StoresModule.forRoot(stores), ProjectorModule] })
  class ProjectorProcessModule {}

  const app = await NestFactory.createApplicationContext(ProjectorProcessModule, {
    abortOnError: false,
    logger: createJsonLogger(config.logLevel),
  });
  app.enableShutdownHooks();
  const projector = app.get(ProjectorService);
  const maxLag = config.observability.readyMaxLagEvents;
  await startOpsServer({
    host: config.host,
    port: config.observability.opsPort,
    defaultPort: PROJECTOR_OPS_PORT,
    // Ready: the event store answers and the read model trails its head by at most ROSTER_READY_MAX_LAG_EVENTS.
    notReadyReason: async () => {
      const lag = await lagOf(projector);
      return lag.events > maxLag
        ? `the read model trails the event log by ${lag.events} events (at most ${maxLag})`
        : null;
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfigOrExit } from '@roster/config';
import { createJsonLogger, observeProcess, startOpsServer } from '@roster/observability';
import { connectEventStore } from '@roster/stores';
import { RelayProcessModule } from './relay-process.module';

/** Metrics and health listener of the relay process (ROSTER_OPS_PORT). */
export const RELAY_OPS_PORT = 9103;

/** The relay alone (split deployment): event store → Kafka. On SIGTERM the batch in flight finishes first. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.kafka) {
    process.stderr.write(`${new ConfigError('KAFKA_BROKERS', 'must be set for the relay').message}\n`);
    process.exit(1);
  }
  observeProcess('relay', config.observability.tracing);
  const store = await connectEventStore(config);
  const app = await NestFactory.createApplicationContext(RelayProcessModule.forRoot(config, store), {
    logger: createJsonLogger(config.logLevel),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await startOpsServer({
    host: config.host,
    port: config.observability.opsPort,
    defaultPort: RELAY_OPS_PORT,
    // Ready: the event store answers (how far the relay trails is in roster_subscription_lag_*{subscriber="relay"}).
    notReadyReason: async () => {
      await store.headPosition();
      return null;
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

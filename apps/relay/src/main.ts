import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfigOrExit, nestLogLevels } from '@roster/config';
import { connectEventStore } from '@roster/stores';
import { RelayProcessModule } from './relay-process.module';

/** The relay alone (split deployment): event store → Kafka. On SIGTERM the batch in flight finishes first. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.kafka) {
    process.stderr.write(`${new ConfigError('KAFKA_BROKERS', 'must be set for the relay').message}\n`);
    process.exit(1);
  }
  const store = await connectEventStore(config);
  const app = await NestFactory.createApplicationContext(RelayProcessModule.forRoot(config, store), {
    logger: nestLogLevels(config.logLevel),
    abortOnError: false,
  });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  process.stderr.write(`relay failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

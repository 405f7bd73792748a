import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfigOrExit, nestLogLevels } from '@roster/config';
import { connectStores, StoresModule } from '@roster/stores';
import { ProjectorModule } from './projector.module';

/** The projector on its own (split deployment): follows the event store and keeps the read model current. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const stores = await connectStores(config);

  @Module({ imports: [ConfigModule.forRoot(config), StoresModule.forRoot(stores), ProjectorModule] })
  class ProjectorProcessModule {}

  const app = await NestFactory.createApplicationContext(ProjectorProcessModule, {
    abortOnError: false,
    logger: nestLogLevels(config.logLevel),
  });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

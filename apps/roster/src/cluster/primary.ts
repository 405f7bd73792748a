import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, type RosterConfig } from '@roster/config';
import { aggregateMetricsOfWorkers, createJsonLogger, observeProcess } from '@roster/observability';
import type { SqliteEventStore } from '@roster/event-store/sqlite';
import type { SqliteKeyStore } from '@roster/personal-data/sqlite';
import { connectStores, StoresModule } from '@roster/stores';
import { FollowersModule } from '../followers.module';
import { primaryCommitNotices } from './commit-notices';
import { NotifyingPersonalData } from './erasure-notices';
import { writeForWorkers } from './primary-writes';
import { HttpWorkers } from './http-workers';
import { tellParentServing } from './serving-notice';

/**
 * The primary of an all-in-one Roster with several HTTP workers. It opens the stores first — so a migration, the
 * generated server secret and a compaction left pending happen once, before any worker opens them — then runs the
 * one projector and the one relay (both follow the whole log; two would only do the work twice), then forks the
 * workers. It loads none of the HTTP roles' code (less memory per process). It sums their metrics for a scrape, tells them of erasures, and stops them before itself.
 */
export async function runPrimary(config: RosterConfig): Promise<void> {
  observeProcess('roster', config.observability.tracing);
  let ownEvents: SqliteEventStore | undefined;
  let ownKeys: SqliteKeyStore | undefined;
  const stores = await connectStores(config, {
    commits: primaryCommitNotices(),
    sqliteEventStore: (store) => (ownEvents = store),
    sqliteKeyStore: (store) => (ownKeys = store),
  });
  if (config.writer === 'primary' && ownEvents && ownKeys) writeForWorkers(ownEvents, ownKeys);
  const personalData = new NotifyingPersonalData(stores.personalData);
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      StoresModule.forRoot({ ...stores, personalData }),
      FollowersModule.forRoot(config),
    ],
  })
  class PrimaryModule {}

  const followers = await NestFactory.createApplicationContext(PrimaryModule, {
    logger: createJsonLogger(config.logLevel),
    abortOnError: false,
  });
  aggregateMetricsOfWorkers();
  const workers = new HttpWorkers(config.workers);
  let stopping: Promise<void> | undefined;
  const stop = (exitCode: number) =>
    (stopping ??= (async () => {
      await workers.stop();
      await followers.close();
      process.exit(exitCode);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));
  try {
    await workers.start();
  } catch (error) {
    // The worker said why on its own stderr; the others are stopped before the start fails.
    process.stderr.write(`Roster failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
  }
  new Logger('Roster').log(
    `serving on http://${config.host}:${config.port} (docs at /docs) with ${config.workers} HTTP workers, data in ${config.dataDir}`,
  );
  tellParentServing();
}

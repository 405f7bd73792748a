import { loadConfigOrExit } from '@roster/config';
import { connectStores } from '@roster/stores';
import type { RebuildProgress } from './rebuild';
import { rebuildReadModel } from './rebuild';

const REPORT_EVERY_MS = 1000;

/** `npm run rebuild`: rebuilds the configured read model from the configured event store, with progress. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { eventStore: store, personalData, readModel } = await connectStores(config);
  const head = await store.headPosition();
  process.stdout.write(
    `rebuilding the ${config.readModel} read model from the ${config.eventStore} event store (head ${head ?? 'empty'})\n`,
  );
  let lastReport = 0;
  const result = await rebuildReadModel(
    store,
    readModel,
    (progress) => {
      if (progress.elapsedMs - lastReport < REPORT_EVERY_MS) return;
      lastReport = progress.elapsedMs;
      process.stdout.write(`  ${describe(progress)}\n`);
    },
    personalData,
  );
  process.stdout.write(`done: ${describe(result)}\n`);
  await Promise.all([store.close(), readModel.close()]);
}

function describe({ events, position, elapsedMs }: RebuildProgress): string {
  const rate = elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : events;
  return `${events} events to position ${position ?? '-'} in ${(elapsedMs / 1000).toFixed(1)} s (${rate} events/s)`;
}

main().catch((error: unknown) => {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '@roster/config';
import type { RosterConfig } from '@roster/config';
import { DomainError } from '@roster/domain';
import type { ConnectedStores } from '@roster/stores';
import { connectStores } from '@roster/stores';
import { SystemClock, UserErasure, UserStreams } from '@roster/user-service';
import { confirmBatch } from './confirm-batch';
import type { EraseArguments } from './erase-arguments';
import { ERASE_USAGE, parseEraseArguments, parseIdsFile, UsageError } from './erase-arguments';
import type { EraseOne, ErasureOutcome } from './erasure-report';
import { eraseEach, exitCodeOf, outcomeLine, summaryLine } from './erasure-report';
import { ReadModelCatchUp } from './read-model-catch-up';

/** `npm run erase`: see ERASE_USAGE and docs/data-protection.md. */
async function main(argv: readonly string[]): Promise<number> {
  let args: EraseArguments;
  let config: RosterConfig;
  let ids: string[];
  try {
    args = parseEraseArguments(argv);
    if (args.kind === 'help') {
      process.stdout.write(`${ERASE_USAGE}\n`);
      return 0;
    }
    config = loadConfig();
    if (config.eventStore === 'memory') {
      // The in-memory store lives inside the Roster process: this process would only see an empty store of its own.
      throw new ConfigError(
        'EVENT_STORE',
        'is memory: the users live inside the Roster process; use DELETE /users/{id}',
      );
    }
    ids = args.kind === 'one' ? [args.id] : parseIdsFile(readIdsFile(args.file));
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n${error instanceof UsageError ? `\n${ERASE_USAGE}\n` : ''}`);
    return 2;
  }
  if (args.kind === 'file') {
    // The prompt goes to stderr: stdout is the record of what was erased, kept clean for redirecting.
    const confirmation = await confirmBatch(
      { count: ids.length, tenantId: args.tenantId, yes: args.yes },
      { input: process.stdin, output: process.stderr },
    );
    if (!confirmation.confirmed) {
      process.stderr.write(`${confirmation.reason}\n`);
      return 2;
    }
  }

  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: leave now. The erasure under way is either written whole or not at all, and erasing an
      // already erased user again destroys its key if the first attempt had not.
      process.stderr.write(`\n${signal} again: stopping now; run the same command again for the users not reported\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${signal}: stopping after the user being erased (Ctrl-C again to stop at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let stores: ConnectedStores | null = null;
  try {
    stores = await connectStores(config);
    const readModel = new ReadModelCatchUp(stores.eventStore, stores.readModel, stores.personalData);
    const eraseOne = erasing(args.tenantId, stores, readModel, config);
    const outcomes = await eraseEach(
      ids,
      eraseOne,
      (outcome) => process.stdout.write(`${outcomeLine(outcome)}\n`),
      controller.signal,
    );
    // The erased users' read-model entries go with their UserErased events: applied before the command says done.
    await readModel.toHead();
    process.stdout.write(`${summaryLine(outcomes, ids.length)}\n`);
    return controller.signal.aborted ? 130 : exitCodeOf(outcomes, ids.length);
  } catch (error) {
    process.stderr.write(`erase failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await stores?.eventStore.close().catch(() => undefined);
    await stores?.readModel.close().catch(() => undefined);
  }
}

/** Erases one user of `tenantId` through the user-service's UserErasure, the same as DELETE /users/{id}. */
function erasing(
  tenantId: string,
  stores: ConnectedStores,
  readModel: ReadModelCatchUp,
  config: RosterConfig,
): EraseOne {
  const erasure = new UserErasure({
    store: stores.eventStore,
    readModel: stores.readModel,
    freshness: readModel,
    personalData: stores.personalData,
    clock: new SystemClock(),
    config,
  });
  const streams = new UserStreams(stores.eventStore);
  return async (id): Promise<ErasureOutcome> => {
    // The API answers another tenant's user as not found, to reveal nothing; the operator holds every tenant's
    // data and is told the id was refused, so a wrong --tenant is not mistaken for an unknown id.
    const { state } = await streams.load(id);
    if (state.status === 'absent') return { id, result: 'not found' };
    if (state.tenantId !== tenantId) return { id, result: 'refused', reason: 'belongs to another tenant' };
    try {
      await erasure.erase(tenantId, id);
      return { id, result: 'erased' };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      switch (error.code) {
        case 'user_erased':
          return { id, result: 'already erased' };
        case 'user_not_found':
          return { id, result: 'not found' };
        case 'user_has_children':
          return { id, result: 'refused', reason: error.message };
        default:
          throw error;
      }
    }
  };
}

function readIdsFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`erase failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

import type { RosterConfig } from '@roster/config';
import { createHttpApp } from '@roster/gateway';
import { observeProcess, shareMetricsWithPrimary } from '@roster/observability';
import { connectStores } from '@roster/stores';
import { RosterModule } from '../roster.module';
import { workerCommitNotices } from './commit-notices';
import { followErasureNotices } from './erasure-notices';
import { PrimaryCalls } from './primary-calls';
import { AppendsThroughPrimary, KeysThroughPrimary } from './primary-writes';
import { SHUTDOWN } from './http-workers';
import { typeOf } from './messages';

/**
 * One HTTP worker of the all-in-one Roster: the gateway and the user-service on the shared stores. The primary
 * projects into the read model, so a worker only queries it; writes go to the shared event store (SQLite WAL:
 * each worker group-commits its own appends, SQLite serializes the workers' transactions).
 */
export async function serveAsWorker(config: RosterConfig): Promise<void> {
  observeProcess('roster', config.observability.tracing);
  shareMetricsWithPrimary();
  const primary = config.writer === 'primary' ? new PrimaryCalls() : null;
  const stores = await connectStores(config, {
    readModel: 'queries',
    commits: workerCommitNotices(),
    sqliteEventStore: (store) => (primary ? new AppendsThroughPrimary(store, primary) : store),
    sqliteKeyStore: (store) => (primary ? new KeysThroughPrimary(store, primary) : store),
  });
  followErasureNotices(stores.personalData);
  const app = await createHttpApp(RosterModule.forRoot(config, stores, 'http'), config);
  closeWhenThePrimaryAsks();
  await app.listen(config.port, config.host);
}

/**
 * The primary's shutdown becomes this worker's SIGTERM, which the app's shutdown hooks answer (close the server,
 * finish what is under way, close the stores) — unless a signal of its own (Ctrl-C reaches the whole process group)
 * already started that: a second one would end the process in the middle of it.
 */
function closeWhenThePrimaryAsks(): void {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (closing = true));
  process.on('message', (message: unknown) => {
    if (typeOf(message) !== SHUTDOWN.type || closing) return;
    closing = true;
    process.kill(process.pid, 'SIGTERM');
  });
}

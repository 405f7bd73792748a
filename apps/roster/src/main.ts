import 'reflect-metadata';
import cluster from 'node:cluster';
import { loadConfigOrExit } from '@roster/config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Each kind of process loads only the code of its roles: the primary of several workers serves no HTTP.
  if (cluster.isWorker) return (await import('./cluster/worker')).serveAsWorker(config);
  if (config.workers > 1) return (await import('./cluster/primary')).runPrimary(config);
  return (await import('./run-alone')).runAlone(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`Roster failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

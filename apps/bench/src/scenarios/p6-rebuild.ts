import { loadConfig } from '@roster/config';
import { ProjectorService } from '@roster/projector';
import { createEventStore, createUserReadModel } from '@roster/stores';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Bench } from '../bench';
import { appendUsers } from '../bulk-load';
import { profiled } from '../cpu-profile';
import { SqliteReference } from './ref-sqlite';

export interface Growth {
  users: number;
  appended: number;
  appendSeconds: number;
  projected: number;
  projectSeconds: number;
}

/**
 * Grows the data set in `dataDir` from `from` to `to` users: the users' events straight into the event store
 * (appendMany, 10,000 streams per append), then the projector (the same ProjectorService the server runs,
 * on the same files) catches the read model up. A rebuild is exactly this catch-up from an empty read model,
 * so the scale points together rebuild the largest data set in steps.
 */
export async function growDataSet(bench: Bench, dataDir: string, from: number, to: number): Promise<Growth> {
  const config = loadConfig({ DATA_DIR: dataDir });
  const store = createEventStore(config);
  const readModel = createUserReadModel(config);
  try {
    bench.log(`P6 appending users ${from.toLocaleString('en')}–${to.toLocaleString('en')} to the event store`);
    let started = performance.now();
    const appended = await appendUsers(store, from, to);
    const appendSeconds = (performance.now() - started) / 1000;

    const head = (await store.headPosition()) ?? 0n;
    const checkpoint = (await readModel.checkpoint()) ?? 0n;
    bench.log(`P6 projecting ${(head - checkpoint).toLocaleString('en')} events into the read model`);
    const profile = bench.options.cpuProfile ? join(bench.options.outDir, 'profiles', `p6-projector-${to}.cpuprofile`) : null;
    started = performance.now();
    const projector = new ProjectorService(store, readModel);
    await profiled(profile, async () => {
      await projector.onApplicationBootstrap();
      while (((await readModel.checkpoint()) ?? -1n) < head) await sleep(20);
    });
    const projectSeconds = (performance.now() - started) / 1000;
    await projector.beforeApplicationShutdown();
    return { users: to, appended, appendSeconds, projected: Number(head - checkpoint), projectSeconds };
  } finally {
    await store.close();
    await readModel.close();
  }
}

export function reportGrowth(bench: Bench, growth: Growth, sqlite: SqliteReference | null): void {
  const reference = sqlite ? { name: 'raw SQLite batched inserts', value: sqlite.batched.value, unit: 'rows/s' } : undefined;
  bench.results.add({
    id: 'P6', what: 'bulk append into the event store', users: growth.users, value: growth.appended / growth.appendSeconds, unit: 'events/s', reference,
    note: `${growth.appended.toLocaleString('en')} events in ${growth.appendSeconds.toFixed(1)} s`,
  });
  bench.results.add({
    id: 'P6', what: 'projector catch-up', users: growth.users, value: growth.projected / growth.projectSeconds, unit: 'events/s', reference,
    target: { atLeast: 50_000 }, note: `${growth.projected.toLocaleString('en')} events in ${growth.projectSeconds.toFixed(1)} s`,
  });
}

/** The whole rebuild of the largest data set: all catch-ups added up. */
export function reportRebuild(bench: Bench, growths: Growth[], sqlite: SqliteReference | null): void {
  const last = growths.at(-1);
  if (!last) return;
  const events = growths.reduce((sum, growth) => sum + growth.projected, 0);
  const seconds = growths.reduce((sum, growth) => sum + growth.projectSeconds, 0);
  const reference = sqlite ? { name: 'raw SQLite batched inserts', value: sqlite.batched.value, unit: 'rows/s' } : undefined;
  bench.results.add({
    id: 'P6', what: 'read-model rebuild, whole log', users: last.users, value: events / seconds, unit: 'events/s', reference, target: { atLeast: 50_000 },
    note: `${events.toLocaleString('en')} events`,
  });
  // The 2-minute target is for 1,000,000 users; scaled linearly for another size.
  bench.results.add({
    id: 'P6', what: 'read-model rebuild, time', users: last.users, value: seconds, unit: 's', target: { atMost: (120 * last.users) / 1_000_000 },
    note: last.users === 1_000_000 ? '' : 'target scaled linearly from 2 min for 1M users',
  });
}

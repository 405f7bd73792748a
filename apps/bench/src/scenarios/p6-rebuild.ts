import { loadConfig } from '@roster/config';
import { ProjectorService } from '@roster/projector';
import type { UserReadModel } from '@roster/read-model';
import { connectProtectedEventStore, createUserReadModel } from '@roster/stores';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench } from '../bench';
import { appendUsers } from '../bulk-load';
import { profiled } from '../cpu-profile';
import type { SqliteReference } from './ref-sqlite';

export interface Growth {
  users: number;
  /** The read model was built from empty over the whole log: a rebuild, not a catch-up. */
  rebuilt: boolean;
  appended: number;
  appendSeconds: number;
  projected: number;
  projectSeconds: number;
  /** CPU time of this process (every thread) while the projector worked: less sensitive to a busy machine than the wall time. */
  projectCpuSeconds: number;
}

/**
 * Grows the data set in `dataDir` from `from` to `to` users: the users' events straight into the event store
 * (appendMany, 10,000 streams per append, encrypted as the server writes them), then the projector (the same ProjectorService the server runs, on
 * the same files) brings the read model up to date. With `rebuild` the read model is deleted first, so the
 * projector builds it from empty over the whole log, as after a schema change or a lost file (P6). `env` adds
 * configuration (READ_MODEL=mongodb and MONGO_URL for the MongoDB read model).
 */
export async function growDataSet(
  bench: Bench,
  dataDir: string,
  from: number,
  to: number,
  rebuild: boolean,
  env: Record<string, string> = {},
): Promise<Growth> {
  const config = loadConfig({ DATA_DIR: dataDir, ...env });
  // Through the encryption of personal data, as the server writes and the projector reads: the events are sealed and
  // each user gets its key, and the rebuild opens them again.
  const writer = (await connectProtectedEventStore(config)).eventStore;
  let appended: number;
  let appendSeconds: number;
  try {
    bench.log(`P6 appending users ${from.toLocaleString('en')}–${to.toLocaleString('en')} to the event store`);
    const started = performance.now();
    appended = await appendUsers(writer, from, to);
    appendSeconds = (performance.now() - started) / 1000;
  } finally {
    await writer.close();
  }

  // Opened again, as a process that starts opens it: no key of personal data in memory yet, so the projector looks
  // up and unwraps every user's key (the writer's cache held them all, which a real rebuild never has).
  const { eventStore: store, personalData } = await connectProtectedEventStore(config);
  let readModel: UserReadModel | null = null;
  try {
    if (rebuild)
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `read-model.sqlite${suffix}`), { force: true });
    const model = createUserReadModel(config);
    readModel = model;

    const head = (await store.headPosition()) ?? 0n;
    const checkpoint = (await model.checkpoint()) ?? 0n;
    bench.log(
      `P6 ${rebuild ? 'rebuilding the read model from' : 'projecting'} ${(head - checkpoint).toLocaleString('en')} events`,
    );
    const profile = bench.options.cpuProfile
      ? join(bench.options.outDir, 'profiles', `p6-projector-${to}.cpuprofile`)
      : null;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const projector = new ProjectorService(store, model, personalData);
    await profiled(profile, async () => {
      await projector.onApplicationBootstrap();
      while (((await model.checkpoint()) ?? -1n) < head) await sleep(20);
    });
    const projectSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await projector.beforeApplicationShutdown();
    return {
      users: to,
      rebuilt: rebuild,
      appended,
      appendSeconds,
      projected: Number(head - checkpoint),
      projectSeconds,
      projectCpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await store.close();
    await readModel?.close();
  }
}

export function reportGrowth(bench: Bench, growth: Growth, sqlite: SqliteReference | null): void {
  const reference = sqlite
    ? { name: 'raw SQLite batched inserts', value: sqlite.batched.value, unit: 'rows/s' }
    : undefined;
  const perSecond = growth.projected / growth.projectSeconds;
  const note =
    `${growth.projected.toLocaleString('en')} events in ${growth.projectSeconds.toFixed(1)} s; ` +
    `${growth.projectCpuSeconds.toFixed(1)} s of CPU (${Math.round(growth.projected / growth.projectCpuSeconds).toLocaleString('en')} events per CPU-second)`;
  bench.results.add({
    id: 'P6',
    what: 'bulk append into the event store',
    users: growth.users,
    value: growth.appended / growth.appendSeconds,
    unit: 'events/s',
    reference,
    note: `${growth.appended.toLocaleString('en')} events in ${growth.appendSeconds.toFixed(1)} s`,
  });
  if (!growth.rebuilt) {
    // A live catch-up of the new users on top of an existing read model: shown for scale, the target is for rebuilds.
    bench.results.add({
      id: 'P6',
      what: 'projector catch-up of the added users',
      users: growth.users,
      value: perSecond,
      unit: 'events/s',
      reference,
      note,
    });
    return;
  }
  bench.results.add({
    id: 'P6',
    what: 'read-model rebuild, whole log',
    users: growth.users,
    value: perSecond,
    unit: 'events/s',
    reference,
    target: { atLeast: 50_000 },
    note,
  });
  // The 2-minute target is for 1,000,000 users; scaled linearly for another size.
  bench.results.add({
    id: 'P6',
    what: 'read-model rebuild, time',
    users: growth.users,
    value: growth.projectSeconds,
    unit: 's',
    target: { atMost: (120 * growth.users) / 1_000_000 },
    note: growth.users === 1_000_000 ? '' : 'target scaled linearly from 2 min for 1M users',
  });
}

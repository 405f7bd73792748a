import type { EventStore, Position } from '@roster/event-store';
import type { PersonalData } from '@roster/personal-data';
import type { UserReadModel } from '@roster/read-model';
import { finishErasures } from './finish-erasures';

export interface RebuildProgress {
  events: number;
  position: Position | null;
  elapsedMs: number;
}

/** Large batches: a rebuild is throughput-bound, and each batch is one read-model transaction. */
const REBUILD_BATCH = 10_000;

/**
 * Forgets the read model and replays the whole log into it, as a bulk load. Safe to interrupt: a bulk load
 * stores the checkpoint at its end (on an error too), and a model left without one is loaded again from the
 * start by the projector; replays are idempotent.
 *
 * Given the key store (`personalData`), it finishes half-done erasures as the projector does (finishErasures): a
 * rebuild moves the checkpoint past every UserErased, so the projector would not come back to them.
 */
export async function rebuildReadModel(
  store: EventStore,
  readModel: UserReadModel,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  personalData?: PersonalData,
): Promise<RebuildProgress> {
  const started = Date.now();
  await readModel.reset();
  // A bulk load: the adapter may defer index maintenance and the checkpoint to endBulkLoad.
  await readModel.beginBulkLoad();
  let position: Position | null = null;
  let events = 0;
  try {
    for (
      let batch = await store.readAll(null, REBUILD_BATCH);
      batch.length > 0;
      batch = await store.readAll(position, REBUILD_BATCH)
    ) {
      if (personalData !== undefined) await finishErasures(personalData, batch);
      await readModel.apply(batch);
      events += batch.length;
      position = batch[batch.length - 1].position;
      onProgress({ events, position, elapsedMs: Date.now() - started });
    }
  } finally {
    await readModel.endBulkLoad();
  }
  return { events, position, elapsedMs: Date.now() - started };
}

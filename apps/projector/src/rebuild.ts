import { EventStore, Position } from '@roster/event-store';
import { UserReadModel } from '@roster/read-model';

export interface RebuildProgress {
  events: number;
  position: Position | null;
  elapsedMs: number;
}

/** Large batches: a rebuild is throughput-bound, and each batch is one read-model transaction. */
const REBUILD_BATCH = 5000;

/**
 * Forgets the read model and replays the whole log into it. Safe to interrupt: the checkpoint is stored
 * with each batch, so starting the projector afterwards simply continues from where the rebuild stopped.
 */
export async function rebuildReadModel(
  store: EventStore,
  readModel: UserReadModel,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildProgress> {
  const started = Date.now();
  await readModel.reset();
  let position: Position | null = null;
  let events = 0;
  for (let batch = await store.readAll(null, REBUILD_BATCH); batch.length > 0; batch = await store.readAll(position, REBUILD_BATCH)) {
    await readModel.apply(batch);
    events += batch.length;
    position = batch[batch.length - 1].position;
    onProgress({ events, position, elapsedMs: Date.now() - started });
  }
  return { events, position, elapsedMs: Date.now() - started };
}

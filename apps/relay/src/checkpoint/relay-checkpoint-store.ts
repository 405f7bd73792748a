import type { Position } from '@roster/event-store';

/**
 * Port of the relay's checkpoint: the log position up to which every event was acknowledged by the broker.
 * Abstract class so it doubles as the Nest DI token. Adapters: a file in DATA_DIR, in-memory (for
 * EVENT_STORE=memory and tests); one keeping it in Kafka or MongoDB can come later.
 */
export abstract class RelayCheckpointStore {
  /** null when the relay never completed a batch. */
  abstract load(): Promise<Position | null>;

  /** Durable once resolved. */
  abstract save(position: Position): Promise<void>;
}

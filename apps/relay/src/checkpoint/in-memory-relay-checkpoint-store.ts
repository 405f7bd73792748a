import type { Position } from '@roster/event-store';
import { RelayCheckpointStore } from './relay-checkpoint-store';

/** For a log that lives in memory too: a checkpoint that outlived its log would skip the next log's events. */
export class InMemoryRelayCheckpointStore extends RelayCheckpointStore {
  private position: Position | null = null;

  async load(): Promise<Position | null> {
    return this.position;
  }

  async save(position: Position): Promise<void> {
    this.position = position;
  }
}

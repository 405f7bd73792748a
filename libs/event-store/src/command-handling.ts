import type { Aggregate, EventShape, EventStore, Position, StreamAppend } from './event-store';
import { unchangedSince, WrongExpectedRevisionError } from './event-store';

/** What a decision writes: the stream's new events and, in the same atomic append, appends to other streams. */
export interface Decision<E extends EventShape> {
  events: E[];
  /** Reservations, other new streams, or empty appends that assert the revision of what the decision read. */
  alsoAppend?: StreamAppend[];
}

/** The stream as the decision sees it. */
export interface CommandContext<S> extends Aggregate<S> {
  /**
   * Throws WrongExpectedRevisionError when the caller's If-Match names another revision. handleCommand calls it
   * after the decision; a decision calls it earlier once the caller may learn that the stream exists.
   */
  checkExpectedRevision(): void;
}

/** Decides on the stream as it is; may read other streams (their revisions then go into `alsoAppend` as guards). */
export type Decide<S, E extends EventShape> = (current: CommandContext<S>) => Decision<E> | Promise<Decision<E>>;

export interface CommandOptions<S, E extends EventShape> {
  evolve: (state: S, event: E) => S;
  initialState: S;
  /** If-Match: the revision the caller last saw. A command that names one is never retried. */
  expectedRevision?: number;
  /** Metadata of the stream's new events, from the state after them. */
  metadata?: (state: S) => Record<string, unknown>;
  /** Attempts when another writer got there first (default 5). */
  attempts?: number;
}

export interface CommandResult<S, E extends EventShape> {
  /** The state after the new events. */
  state: S;
  events: E[];
  /** The stream's revision and the log position after the append, or as read when nothing was written. */
  revision: number;
  position: Position | null;
}

/**
 * The one way a command runs: load the stream, decide, fold, append everything with the revisions that were
 * read, and start over on fresh state when another writer got there first (deciding again is safe: every
 * attempt re-reads). Nothing is appended when no stream gets an event.
 */
export function handleCommand<S, E extends EventShape>(
  store: EventStore,
  stream: string,
  decide: Decide<S, E>,
  options: CommandOptions<S, E>,
): Promise<CommandResult<S, E>> {
  const attempt = () => decideAndAppend(store, stream, decide, options);
  return options.expectedRevision === undefined ? retryOnConflict(attempt, options.attempts) : attempt();
}

async function decideAndAppend<S, E extends EventShape>(
  store: EventStore,
  stream: string,
  decide: Decide<S, E>,
  { evolve, initialState, expectedRevision, metadata }: CommandOptions<S, E>,
): Promise<CommandResult<S, E>> {
  const current = await store.aggregate(stream, evolve, initialState);
  const checkExpectedRevision = () => {
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new WrongExpectedRevisionError(stream, expectedRevision, current.revision);
    }
  };
  const { events, alsoAppend = [] } = await decide({ ...current, checkExpectedRevision });
  checkExpectedRevision();
  const state = events.reduce(evolve, current.state);
  if (events.length === 0 && alsoAppend.every((append) => append.events.length === 0)) {
    return { state, events, revision: current.revision, position: current.position };
  }
  const eventMetadata = metadata?.(state);
  const written = events.map((event) => ({ ...event, metadata: eventMetadata }));
  const result = await store.appendMany([
    { stream, events: written, expectedRevision: unchangedSince(current.revision) },
    ...alsoAppend,
  ]);
  return { state, events, revision: result.revisions[stream], position: result.position };
}

/**
 * Re-runs an attempt when another writer got there first. Only for attempts that re-read and decide again;
 * more losses than `attempts` in a row is a bug or an attack, and is answered as the conflict it is.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || tries >= attempts) throw error;
    }
  }
}

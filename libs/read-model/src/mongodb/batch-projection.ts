import type { RecordedEvent } from '@roster/event-store';
// Store-neutral helpers that live beside the SQLite adapter: the same batch bookkeeping and path format for both stores.
import { BatchViews } from '../sqlite/batch-views';
import { subtreePrefix } from '../sqlite/materialized-path';
import type { UserView } from '../user-view';
import { projectUserEvent, userEventOf } from '../user-view.projection';

/** Re-roots the stored subtree below a user whose parent changed: each path `fromPrefix…` becomes `toPrefix…`. */
export interface SubtreeMove {
  tenantId: string;
  fromPrefix: string;
  toPrefix: string;
  depthShift: number;
}

/** What a batch changes: computed in memory, then written by the adapter. */
export interface BatchProjection {
  /** Each view the batch changed, once, as it stands at the end of the batch. */
  views: UserView[];
  /** Rewrites of stored subtrees, in log order: a later move may lie inside the subtree an earlier one moved. */
  moves: SubtreeMove[];
  /** Users the batch erased: their stored views are to be deleted. */
  erased: string[];
}

/**
 * The users a batch reads, to be loaded before it is projected: the user of each event's stream and each
 * parent a link names (whose ancestors the linked user's path starts with).
 */
export function userIdsReadBy(events: readonly RecordedEvent[]): string[] {
  const ids = new Set<string>();
  for (const record of events) {
    const userEvent = userEventOf(record);
    if (userEvent === null) continue;
    ids.add(userEvent.userId);
    if (userEvent.event.type === 'ParentLinked') ids.add(userEvent.event.data.parentId);
  }
  return [...ids];
}

/**
 * Projects a batch onto the views stored before it. `stored` answers every id of `userIdsReadBy(events)`:
 * the stored view, or null for a user without one.
 *
 * A move only rewrites stored descendants of a user that was stored before the batch: the write side links
 * a user only to an existing parent, so a user first projected in this batch has no descendants in an
 * earlier batch; those of this batch are held in memory and re-rooted there.
 */
export function projectBatch(
  events: readonly RecordedEvent[],
  stored: ReadonlyMap<string, UserView | null>,
): BatchProjection {
  const views = new BatchViews((id) => storedView(stored, id));
  // Every loaded view is held from the start, so a move re-roots it in memory even if the batch reads it only
  // after the move: the stored copy keeps its old path until the adapter writes the move.
  for (const id of stored.keys()) views.get(id);
  const moves: SubtreeMove[] = [];
  for (const record of events) {
    const userEvent = userEventOf(record);
    if (userEvent === null) continue;
    const current = views.get(userEvent.userId);
    const next = projectUserEvent(current, userEvent.event, record.revision, (id) => views.get(id)?.ancestors ?? null);
    if (next === null) {
      if (current !== null) views.erase(current.id);
      continue;
    }
    if (next === current) continue;
    views.put(next);
    if (current === null || current.parentId === next.parentId) continue;
    views.moveDescendants(next);
    if (stored.get(next.id)) moves.push(subtreeMove(current, next));
  }
  return { views: views.changedViews(), moves, erased: views.erasedIds() };
}

/** The path a descendant has after the move (it has `move.fromPrefix` as its prefix). */
export function movedPath(path: string, move: SubtreeMove): string {
  return move.toPrefix + path.slice(move.fromPrefix.length);
}

function subtreeMove(before: UserView, after: UserView): SubtreeMove {
  return {
    tenantId: after.tenantId,
    fromPrefix: subtreePrefix(before),
    toPrefix: subtreePrefix(after),
    depthShift: after.depth - before.depth,
  };
}

// An id the batch did not load would read as "no view" and project a wrong path: fail loudly instead.
function storedView(stored: ReadonlyMap<string, UserView | null>, id: string): UserView | null {
  const view = stored.get(id);
  if (view === undefined) throw new Error(`read model: the batch read user ${id}, which was not loaded before it`);
  return view;
}

import type { UserEvent, UserState } from '@roster/domain';
import { foldUser } from '@roster/domain';
import type { RecordedEvent } from '@roster/event-store';
import type { PointInTime } from '@roster/user-service-contract';

export interface UserAsOf {
  state: UserState;
  /** The revision of the last event folded (-1: none). */
  revision: number;
}

/**
 * A user's stream folded up to a point of its past: up to the last event the log recorded at or before an
 * instant (`recordedAt`, the log's own time, not the `at` an event's payload carries: an import's payload
 * dates the source's changes, while the log says when Roster held them), or up to a revision. A revision
 * beyond the stream's last is a moment that has not happened: null.
 */
export function userAsOf(events: readonly RecordedEvent<UserEvent>[], point: PointInTime): UserAsOf | null {
  const count =
    'revision' in point ? countUpToRevision(events, point.revision) : countUpToInstant(events, point.instant);
  if (count === null) return null;
  const folded = events.slice(0, count);
  return { state: foldUser(folded), revision: folded.at(-1)?.revision ?? -1 };
}

function countUpToRevision(events: readonly RecordedEvent<UserEvent>[], revision: number): number | null {
  const last = events.at(-1);
  if (!last || revision > last.revision) return null;
  const beyond = events.findIndex((event) => event.revision > revision);
  return beyond === -1 ? events.length : beyond;
}

function countUpToInstant(events: readonly RecordedEvent<UserEvent>[], instant: string): number {
  const time = Date.parse(instant);
  return events.findLastIndex((event) => event.recordedAt.getTime() <= time) + 1;
}

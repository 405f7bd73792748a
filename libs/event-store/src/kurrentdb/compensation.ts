import { randomUUID } from 'node:crypto';
import type { EventShape, RecordedEvent } from '../event-store';
import type { SerializedEvent } from '../serialized-event';

/**
 * Event type the per-stream fallback appends to a stream it already wrote when the rest of the append failed.
 *
 * Reader protocol (the user-service implements it for userName reservation streams; docs/kurrentdb.md):
 * 1. Void events: an event whose id is listed in `voidedEventIds` of any AppendCompensated event in the same
 *    stream never happened. Fold the stream without it (order does not matter: a compensation may even precede
 *    a late-landing write it voids).
 * 2. Reservations that were never committed: the fallback writes reservation streams first and the commit
 *    stream (the user stream) last, so a crash between the two leaves a reservation without its user and
 *    without a compensation. A reservation `UserNameReserved{userId: U}` is held iff the stream `user-U`
 *    exists and U's current state carries that (tenant, type, normalized userName). Otherwise it is pending
 *    while `now - reservation.recordedAt < grace`, and free after that. Taking over a free name appends the
 *    new reservation with expected revision = the reservation stream's current revision (never 'any'), so two
 *    takers cannot both win.
 * 3. grace must exceed the fallback's commit deadline (`commitDeadlineMs`, default 10 s) plus the clock skew
 *    between the user-service and the server (recordedAt is server time) plus one request deadline; 5 minutes
 *    is the recommended value.
 */
export const APPEND_COMPENSATED = 'AppendCompensated';

export interface AppendCompensatedData {
  /** Ids (as the port reports them) of the events of this stream that the failed append wrote, or may have. */
  voidedEventIds: string[];
  /** The stream whose write would have committed the append; for a user creation, `user-<id>`. */
  commitStream: string;
  /** Why the append was abandoned, for operators. */
  reason: string;
}

export interface AppendCompensated {
  type: typeof APPEND_COMPENSATED;
  data: AppendCompensatedData;
}

/** Rule 1 of the reader protocol: a stream's events without the ones its compensations voided, and without the compensations. */
export function withoutVoided<E extends EventShape>(
  events: RecordedEvent<E | AppendCompensated>[],
): RecordedEvent<E>[] {
  const voided = new Set(events.flatMap((event) => (isCompensation(event) ? event.data.voidedEventIds : [])));
  return events.filter((event): event is RecordedEvent<E> => !isCompensation(event) && !voided.has(event.id));
}

function isCompensation(event: EventShape): event is AppendCompensated {
  return event.type === APPEND_COMPENSATED;
}

/** The id is fixed when the compensation is built, so a retried compensation is recognised by KurrentDB's idempotency. */
export function compensationEvent(data: AppendCompensatedData): SerializedEvent {
  return { id: randomUUID(), type: APPEND_COMPENSATED, data: JSON.stringify(data), metadata: '{}' };
}

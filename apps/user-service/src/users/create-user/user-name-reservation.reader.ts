import { Injectable } from '@nestjs/common';
import {
  evolveUserNameReservation,
  freeUserName,
  normalizeUserName,
  UserNameReservation,
  UserNameReserved,
  UserType,
} from '@roster/domain';
import { APPEND_COMPENSATED, AppendCompensatedData, EventStore, RecordedEvent } from '@roster/event-store';
import { UserStreams } from '../user-streams';

/**
 * How long a reservation whose user never appeared still counts as taken. Only event stores without an
 * atomic multi-stream append (EventStoreDB before 25.1) can leave one behind; the grace must exceed their
 * commit deadline plus clock skew (docs/kurrentdb.md).
 */
export const ORPHANED_RESERVATION_GRACE_MS = 5 * 60_000;

export interface LoadedReservation {
  state: UserNameReservation;
  /** -1 when the stream does not exist. */
  revision: number;
}

export interface ReservationOwner {
  tenantId: string;
  userType: UserType;
  userName: string;
}

/** Reads a userName reservation stream so that a crashed, half-written creation never blocks a name forever. */
@Injectable()
export class UserNameReservationReader {
  constructor(
    private readonly store: EventStore,
    private readonly streams: UserStreams,
  ) {}

  async load(stream: string, owner: ReservationOwner, now: Date): Promise<LoadedReservation> {
    const recorded = await this.store.readStream(stream);
    const revision = recorded.length - 1;
    const reservations = withoutVoided(recorded).filter((event) => event.type === 'UserNameReserved');
    const last = reservations.at(-1);
    const holder = reservations.map(toReservationEvent).reduce(evolveUserNameReservation, freeUserName);
    if (!last || holder.holderId === null) return { state: freeUserName, revision };
    const stillPending = now.getTime() - last.recordedAt.getTime() < ORPHANED_RESERVATION_GRACE_MS;
    if (stillPending || (await this.holds(holder.holderId, owner))) return { state: holder, revision };
    return { state: freeUserName, revision };
  }

  private async holds(userId: string, owner: ReservationOwner): Promise<boolean> {
    const { state } = await this.streams.load(userId);
    return (
      state.status === 'existing' &&
      state.tenantId === owner.tenantId &&
      state.userType === owner.userType &&
      state.userName !== null &&
      normalizeUserName(state.userName) === normalizeUserName(owner.userName)
    );
  }
}

/** Events a failed fallback append wrote and then voided never happened. */
function withoutVoided(events: RecordedEvent[]): RecordedEvent[] {
  const voided = new Set(
    events.filter((event) => event.type === APPEND_COMPENSATED).flatMap((event) => (event.data as unknown as AppendCompensatedData).voidedEventIds),
  );
  return events.filter((event) => !voided.has(event.id));
}

function toReservationEvent(event: RecordedEvent): UserNameReserved {
  return { type: 'UserNameReserved', data: event.data as unknown as UserNameReserved['data'] };
}

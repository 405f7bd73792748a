import { Injectable, Optional } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import {
  evolveMobileNumberReservation,
  evolveUserNameReservation,
  ExistingUser,
  freeMobileNumber,
  freeUserName,
  MobileNumberEvent,
  MobileNumberUniqueness,
  normalizeUserName,
  reservedMobileNumberOf,
  UserNameReserved,
  UserType,
} from '@roster/domain';
import { AppendCompensated, EventStore, RecordedEvent, withoutVoided } from '@roster/event-store';
import { UserStreams } from '../user-streams';

/**
 * How long a reservation whose user never appeared still counts as taken. Only event stores without an
 * atomic multi-stream append (EventStoreDB before 25.1) can leave one behind; the grace must exceed their
 * commit deadline plus clock skew (docs/kurrentdb.md).
 */
export const ORPHANED_RESERVATION_GRACE_MS = 5 * 60_000;

export interface LoadedReservation {
  state: { holderId: string | null };
  /** -1 when the stream does not exist. */
  revision: number;
}

export interface ReservationOwner {
  tenantId: string;
  userType: UserType;
  userName: string;
}

type Holder = { holderId: string | null };

/**
 * Reads reservation streams (userNames, citizens' mobile numbers) so that a crashed, half-written
 * creation never blocks a name or number forever: a holder counts once its user carries the reserved value.
 */
@Injectable()
export class UserNameReservationReader {
  private readonly mobileNumberUniqueness: MobileNumberUniqueness;

  constructor(
    private readonly store: EventStore,
    private readonly streams: UserStreams,
    @Optional() config?: RosterConfig,
  ) {
    this.mobileNumberUniqueness = config?.mobileNumberUniqueness ?? 'every-citizen';
  }

  /** The mobile number this user must hold a reservation for (see `reservedMobileNumberOf`), or null. */
  mobileNumberToReserve(user: { userType: string; userName: string | null; profile: { mobile?: string | null } }): string | null {
    return reservedMobileNumberOf(user, this.mobileNumberUniqueness);
  }

  load(stream: string, owner: ReservationOwner, now: Date): Promise<LoadedReservation> {
    return this.loadReservation<UserNameReserved>(
      stream,
      ['UserNameReserved'],
      (events) => events.reduce(evolveUserNameReservation, freeUserName),
      (user) =>
        user.tenantId === owner.tenantId &&
        user.userType === owner.userType &&
        user.userName !== null &&
        normalizeUserName(user.userName) === normalizeUserName(owner.userName),
      now,
    );
  }

  /** A citizen's mobile number reservation (`mobile-<tenant>-<number>`). */
  loadMobileNumber(stream: string, owner: { tenantId: string; mobileNumber: string }, now: Date): Promise<LoadedReservation> {
    return this.loadReservation<MobileNumberEvent>(
      stream,
      ['MobileNumberReserved', 'MobileNumberReleased'],
      (events) => events.reduce(evolveMobileNumberReservation, freeMobileNumber),
      (user) => user.tenantId === owner.tenantId && user.userType === 'CITIZEN' && user.profile.mobile?.trim() === owner.mobileNumber.trim(),
      now,
    );
  }

  private async loadReservation<E extends UserNameReserved | MobileNumberEvent>(
    stream: string,
    types: Array<E['type']>,
    fold: (events: RecordedEvent<E>[]) => Holder,
    holds: (user: ExistingUser) => boolean,
    now: Date,
  ): Promise<LoadedReservation> {
    const recorded = await this.store.readStream<E | AppendCompensated>(stream);
    const revision = recorded.length - 1;
    const reservations = withoutVoided(recorded).filter((event) => types.includes(event.type));
    const last = reservations.at(-1);
    const holder = fold(reservations);
    if (!last || holder.holderId === null) return { state: { holderId: null }, revision };
    const stillPending = now.getTime() - last.recordedAt.getTime() < ORPHANED_RESERVATION_GRACE_MS;
    if (stillPending) return { state: holder, revision };
    const { state } = await this.streams.load(holder.holderId);
    if (state.status === 'existing' && holds(state)) return { state: holder, revision };
    return { state: { holderId: null }, revision };
  }
}

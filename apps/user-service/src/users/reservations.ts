import { Injectable, Optional } from '@nestjs/common';
import { RosterConfig } from '@roster/config';
import {
  decideMobileNumberReservation,
  decideUserNameRelease,
  decideUserNameReservation,
  DomainError,
  evolveMobileNumberReservation,
  evolveUserNameReservation,
  ExistingUser,
  freeMobileNumber,
  freeUserName,
  MobileNumberEvent,
  mobileNumberStream,
  MobileNumberUniqueness,
  normalizeUserName,
  Profile,
  reservedMobileNumberOf,
  UserNameEvent,
  userNameStream,
  UserType,
} from '@roster/domain';
import {
  AppendCompensated,
  EventShape,
  EventStore,
  RecordedEvent,
  StreamAppend,
  unchangedSince,
  withoutVoided,
} from '@roster/event-store';
import { UserStreams } from './user-streams';

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

/** A user about to be created, as far as its reservations go. */
export interface NewUserClaims {
  userId: string;
  tenantId: string;
  userType: UserType;
  userName: string | null;
  profile: Profile;
}

/**
 * The reservation streams of one all-or-nothing batch: two users of it may not claim the same name or number,
 * which the streams cannot tell (neither is reserved yet when the second is decided).
 */
export class BatchClaims {
  private readonly claimed = new Set<string>();

  claim(stream: string, duplicate: () => DomainError): void {
    if (this.claimed.has(stream)) throw duplicate();
    this.claimed.add(stream);
  }
}

/**
 * The userName and (citizens') mobile-number reservations, in one place: claiming them for new users, moving a
 * number on an update, and reading who holds one. Each claim is an append that commits atomically with the
 * user's own events. Reading is forgiving so that a crashed, half-written creation never blocks a name or
 * number forever: a holder counts once its user carries the reserved value.
 *
 * A citizen's mobile number is unique in its tenant (docs/architecture.md; with ROSTER_MOBILE_NUMBER_UNIQUENESS=sign-in
 * only the numbers citizens sign in with), whichever face wrote the user.
 */
@Injectable()
export class Reservations {
  private readonly mobileNumberUniqueness: MobileNumberUniqueness;

  constructor(
    private readonly store: EventStore,
    private readonly streams: UserStreams,
    @Optional() config?: RosterConfig,
  ) {
    this.mobileNumberUniqueness = config?.mobileNumberUniqueness ?? 'every-citizen';
  }

  /** The mobile number this user must hold a reservation for (see `reservedMobileNumberOf`), or null. */
  mobileNumberToReserve(user: {
    userType: string;
    userName: string | null;
    profile: { mobile?: string | null };
  }): string | null {
    return reservedMobileNumberOf(user, this.mobileNumberUniqueness);
  }

  /** The appends that reserve a new user's userName and mobile number; DomainError when either is taken. */
  async claimFor(user: NewUserClaims, at: Date, batch = new BatchClaims()): Promise<StreamAppend[]> {
    const appends: StreamAppend[] = [];
    if (user.userName !== null) appends.push(await this.claimUserName({ ...user, userName: user.userName }, at, batch));
    const mobileNumber = this.mobileNumberToReserve(user);
    if (mobileNumber)
      appends.push(
        await this.claimMobileNumber({ tenantId: user.tenantId, mobileNumber, userId: user.userId }, at, batch),
      );
    return appends;
  }

  /**
   * The appends that move a citizen's number when an update changed it: the new one reserved (when the citizen
   * must hold it), the old one released (a release by a user that does not hold it changes nothing).
   */
  async move(before: ExistingUser, after: ExistingUser, at: Date): Promise<StreamAppend[]> {
    const from = before.profile.mobile?.trim() || null;
    const to = this.mobileNumberToReserve(after);
    if (after.userType !== 'CITIZEN' || from === (after.profile.mobile?.trim() || null)) return [];
    const appends: StreamAppend[] = [];
    if (to)
      appends.push(await this.claimMobileNumber({ tenantId: after.tenantId, mobileNumber: to, userId: after.id }, at));
    if (from)
      appends.push(
        await this.releaseMobileNumber({ tenantId: after.tenantId, mobileNumber: from, userId: after.id }, at),
      );
    return appends;
  }

  /**
   * The appends that free what a user being erased holds, its userName and (a citizen's) mobile number, so others
   * may take them at once instead of after the orphaned-reservation grace. Only streams the user holds get an
   * event; a name or number it does not hold (taken over after a grace) is left alone.
   */
  async releaseFor(user: ExistingUser, at: Date): Promise<StreamAppend[]> {
    const appends: StreamAppend[] = [];
    if (user.userName !== null) {
      const request = {
        tenantId: user.tenantId,
        userType: user.userType,
        userName: user.userName,
        userId: user.id,
        at: at.toISOString(),
      };
      const stream = userNameStream(user.tenantId, user.userType, user.userName);
      const { state, revision } = await this.load(stream, request, at);
      appends.push(reservationAppend(stream, decideUserNameRelease(request, state), revision));
    }
    const mobileNumber = user.profile.mobile?.trim();
    if (user.userType === 'CITIZEN' && mobileNumber)
      appends.push(await this.releaseMobileNumber({ tenantId: user.tenantId, mobileNumber, userId: user.id }, at));
    return appends.filter((append) => append.events.length > 0);
  }

  /** Who holds `userName` in (tenant, type), or null. */
  async userNameHolder(owner: ReservationOwner, now: Date): Promise<string | null> {
    return (await this.load(userNameStream(owner.tenantId, owner.userType, owner.userName), owner, now)).state.holderId;
  }

  /** Which citizen holds `mobileNumber` in the tenant, or null. */
  async mobileNumberHolder(owner: { tenantId: string; mobileNumber: string }, now: Date): Promise<string | null> {
    return (await this.loadMobileNumber(mobileNumberStream(owner.tenantId, owner.mobileNumber), owner, now)).state
      .holderId;
  }

  private async claimUserName(
    user: NewUserClaims & { userName: string },
    at: Date,
    batch: BatchClaims,
  ): Promise<StreamAppend> {
    const stream = userNameStream(user.tenantId, user.userType, user.userName);
    batch.claim(
      stream,
      () =>
        new DomainError(
          'user_name_taken',
          `userName "${user.userName}" is given to two users of the batch`,
          'userName',
        ),
    );
    const request = {
      tenantId: user.tenantId,
      userType: user.userType,
      userName: user.userName,
      userId: user.userId,
      at: at.toISOString(),
    };
    const { state, revision } = await this.load(stream, request, at);
    return reservationAppend(stream, decideUserNameReservation(request, state), revision);
  }

  private async claimMobileNumber(
    claim: MobileNumberClaim,
    at: Date,
    batch = new BatchClaims(),
  ): Promise<StreamAppend> {
    const stream = mobileNumberStream(claim.tenantId, claim.mobileNumber);
    batch.claim(
      stream,
      () =>
        new DomainError(
          'mobile_number_taken',
          'the mobile number is given to two citizens of the batch',
          'mobileNumber',
        ),
    );
    const { state, revision } = await this.loadMobileNumber(stream, claim, at);
    return reservationAppend(
      stream,
      decideMobileNumberReservation({ type: 'ReserveMobileNumber', data: { ...claim, at: at.toISOString() } }, state),
      revision,
    );
  }

  private async releaseMobileNumber(claim: MobileNumberClaim, at: Date): Promise<StreamAppend> {
    const stream = mobileNumberStream(claim.tenantId, claim.mobileNumber);
    const { state, revision } = await this.loadMobileNumber(stream, claim, at);
    return reservationAppend(
      stream,
      decideMobileNumberReservation({ type: 'ReleaseMobileNumber', data: { ...claim, at: at.toISOString() } }, state),
      revision,
    );
  }

  load(stream: string, owner: ReservationOwner, now: Date): Promise<LoadedReservation> {
    return this.loadReservation<UserNameEvent>(
      stream,
      ['UserNameReserved', 'UserNameReleased'],
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
  loadMobileNumber(
    stream: string,
    owner: { tenantId: string; mobileNumber: string },
    now: Date,
  ): Promise<LoadedReservation> {
    return this.loadReservation<MobileNumberEvent>(
      stream,
      ['MobileNumberReserved', 'MobileNumberReleased'],
      (events) => events.reduce(evolveMobileNumberReservation, freeMobileNumber),
      (user) =>
        user.tenantId === owner.tenantId &&
        user.userType === 'CITIZEN' &&
        user.profile.mobile?.trim() === owner.mobileNumber.trim(),
      now,
    );
  }

  private async loadReservation<E extends UserNameEvent | MobileNumberEvent>(
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

interface MobileNumberClaim {
  tenantId: string;
  mobileNumber: string;
  userId: string;
}

/** A reservation stream's new events, appended only if the stream is still where it was read. */
function reservationAppend(stream: string, events: EventShape[], revision: number): StreamAppend {
  return { stream, events, expectedRevision: unchangedSince(revision) };
}

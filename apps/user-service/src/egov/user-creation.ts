import { Injectable } from '@nestjs/common';
import {
  checkNewUser,
  decideUser,
  decideUserNameReservation,
  DomainError,
  ExistingUser,
  foldUser,
  initialUserState,
  mobileNumberStream,
  OtpPurpose,
  Profile,
  RequestRejectedError,
  Role,
  userNameStream,
  userStream,
  UserType,
} from '@roster/domain';
import { EventStore, StreamAppend } from '@roster/event-store';
import { Clock } from '../clock';
import { UserNameReservationReader } from '../users/create-user/user-name-reservation.reader';
import { reservation, reserveMobileNumber } from '../users/mobile-number-reservations';
import { NumericIds } from '../users/numeric-ids';
import { asExisting, retryOnConflict, UserStreams } from '../users/user-streams';

/** A user ready to be written: validated, tenant collapsed, roles checked, password hashed. */
export interface NewUser {
  userId: string;
  tenantId: string;
  userType: UserType;
  userName: string | null;
  profile: Profile;
  roles: Role[];
  active: boolean;
  passwordHash: string | null;
  verifiedOtp: { mobileNumber: string; purpose: OtpPurpose } | null;
  by: string | null;
}

/**
 * Writes new users with their userName and (citizens) mobile-number reservations in ONE append, so a
 * batch is all-or-nothing: if any user is invalid, a name or number is taken, or two users of the batch
 * claim the same one, nothing is written and no reader ever sees part of it.
 */
@Injectable()
export class UserCreation {
  constructor(
    private readonly store: EventStore,
    private readonly streams: UserStreams,
    private readonly reservations: UserNameReservationReader,
    private readonly clock: Clock,
    private readonly numericIds: NumericIds,
  ) {}

  create(users: NewUser[]): Promise<ExistingUser[]> {
    let numericIds: number[] | null = null;
    return retryOnConflict(async () => {
      const at = this.clock.now();
      const reservations: StreamAppend[][] = [];
      const claimed = new Map<string, number>();
      for (const [index, user] of users.entries()) {
        reservations.push(await inBatch(users.length, index, () => this.checkAndReserve(user, at, claimed, index)));
      }
      // Taken once every user passed its checks, so a refused batch writes nothing (not even a block of ids); a retry keeps them.
      const ids = (numericIds ??= await this.numericIds.take(users.length));
      const decided = users.map((user, index) =>
        decideUser({ type: 'CreateUser', data: { ...user, numericId: ids[index], parent: null, at: at.toISOString() } }, initialUserState),
      );
      await this.store.appendMany(
        users.flatMap((user, index) => [
          { stream: userStream(user.userId), events: this.streams.toNewEvents(decided[index], user.tenantId), expectedRevision: 'no_stream' as const },
          ...reservations[index],
        ]),
      );
      return decided.map((events) => asExisting(foldUser(events)));
    });
  }

  /** Every refusal a user of the batch can meet (a taken name or number, an OTP of another number), and its reservations. */
  private async checkAndReserve(user: NewUser, at: Date, claimed: Map<string, number>, index: number): Promise<StreamAppend[]> {
    checkNewUser({ ...user, parent: null, at: at.toISOString() });
    const appends: StreamAppend[] = [];
    if (user.userName !== null) appends.push(await this.reserveUserName(user, at, claimed, index));
    const mobile = this.reservations.mobileNumberToReserve(user);
    if (mobile) appends.push(await this.reserveMobileNumber(user, mobile, at, claimed, index));
    return appends;
  }

  private async reserveUserName(user: NewUser, at: Date, claimed: Map<string, number>, index: number): Promise<StreamAppend> {
    const userName = user.userName as string;
    const stream = userNameStream(user.tenantId, user.userType, userName);
    claim(claimed, stream, index, () => new DomainError('user_name_taken', `userName "${userName}" is given to two users of the batch`, 'userName'));
    const request = { tenantId: user.tenantId, userType: user.userType, userName, userId: user.userId, at: at.toISOString() };
    const { state, revision } = await this.reservations.load(stream, request, at);
    return reservation(stream, decideUserNameReservation(request, state), revision);
  }

  private async reserveMobileNumber(user: NewUser, mobileNumber: string, at: Date, claimed: Map<string, number>, index: number): Promise<StreamAppend> {
    const stream = mobileNumberStream(user.tenantId, mobileNumber);
    claim(claimed, stream, index, () => new DomainError('mobile_number_taken', 'the mobile number is given to two citizens of the batch', 'mobileNumber'));
    return reserveMobileNumber(this.reservations, { tenantId: user.tenantId, mobileNumber, userId: user.userId }, at);
  }
}

function claim(claimed: Map<string, number>, stream: string, index: number, duplicate: () => Error): void {
  if (claimed.has(stream)) throw duplicate();
  claimed.set(stream, index);
}

/** In a batch of several, a rejection names the user at fault (`users[3]: …`) and keeps its kind, code and field. */
export async function inBatch<T>(size: number, index: number, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw size > 1 ? located(error, index) : error;
  }
}

function located(error: unknown, index: number): unknown {
  const where = `users[${index}]: `;
  if (error instanceof DomainError) return new DomainError(error.code, where + error.message, error.field);
  if (error instanceof RequestRejectedError) return new RequestRejectedError(error.kind, error.code, where + error.message, error.field);
  return error;
}

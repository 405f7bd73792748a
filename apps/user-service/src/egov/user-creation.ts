import { Injectable } from '@nestjs/common';
import {
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
  ) {}

  create(users: NewUser[]): Promise<ExistingUser[]> {
    return retryOnConflict(async () => {
      const at = this.clock.now();
      const planned = [];
      const claimed = new Map<string, number>();
      for (const [index, user] of users.entries()) {
        planned.push(await inBatch(users.length, index, () => this.plan(user, at, claimed, index)));
      }
      await this.store.appendMany(planned.flatMap((plan) => plan.appends));
      return planned.map((plan) => plan.user);
    });
  }

  private async plan(user: NewUser, at: Date, claimed: Map<string, number>, index: number) {
    const events = decideUser({ type: 'CreateUser', data: { ...user, parent: null, at: at.toISOString() } }, initialUserState);
    const appends: StreamAppend[] = [
      { stream: userStream(user.userId), events: this.streams.toNewEvents(events, user.tenantId), expectedRevision: 'no_stream' },
    ];
    if (user.userName !== null) appends.push(await this.reserveUserName(user, at, claimed, index));
    const mobile = user.profile.mobile?.trim();
    if (user.userType === 'CITIZEN' && mobile) appends.push(await this.reserveMobileNumber(user, mobile, at, claimed, index));
    return { user: asExisting(foldUser(events)), appends };
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

import { Injectable } from '@nestjs/common';
import {
  checkNewUser,
  decideUser,
  DomainError,
  ExistingUser,
  foldUser,
  initialUserState,
  OtpPurpose,
  Profile,
  RequestRejectedError,
  Role,
  userStream,
  UserType,
} from '@roster/domain';
import { StreamAppend } from '@roster/event-store';
import { Clock } from '../clock';
import { KeyedWrite } from '../idempotency/idempotent-requests';
import { BatchClaims, Reservations } from '../users/reservations';
import { NumericIds } from '../users/numeric-ids';
import { asExisting, UserStreams } from '../users/user-streams';

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
    private readonly streams: UserStreams,
    private readonly reservations: Reservations,
    private readonly clock: Clock,
    private readonly numericIds: NumericIds,
  ) {}

  /**
   * The batch is decided as one command on its first user's stream; the other users' new streams go with it.
   * `idempotent`: the request's Idempotency-Key, whose answer (`answerOf` the created users) joins the append.
   */
  async create(
    users: NewUser[],
    idempotent?: { keyed: KeyedWrite; answerOf(created: ExistingUser[]): Promise<unknown> },
  ): Promise<ExistingUser[]> {
    if (users.length === 0) return [];
    let numericIds: number[] | null = null;
    let created: ExistingUser[] = [];
    await this.streams.run(users[0].userId, async () => {
      const recordAnswer = idempotent ? await idempotent.keyed.begin() : null;
      const at = this.clock.now();
      const batch = new BatchClaims();
      const reservations: StreamAppend[][] = [];
      for (const [index, user] of users.entries()) {
        reservations.push(await inBatch(users.length, index, () => this.checkAndReserve(user, at, batch)));
      }
      // Taken once every user passed its checks, so a refused batch writes nothing (not even a block of ids); a retry keeps them.
      const ids = (numericIds ??= await this.numericIds.take(users.length));
      const decided = users.map((user, index) =>
        decideUser(
          { type: 'CreateUser', data: { ...user, numericId: ids[index], parent: null, at: at.toISOString() } },
          initialUserState,
        ),
      );
      created = decided.map((events) => asExisting(foldUser(events)));
      // User by user, each stream before its reservations: on stores without atomic multi-stream appends the
      // first user's stream commits the batch last (docs/kurrentdb.md).
      const alsoAppend = users.flatMap((user, index) => [
        ...(index === 0
          ? []
          : [
              {
                stream: userStream(user.userId),
                events: this.streams.toNewEvents(decided[index], user.tenantId),
                expectedRevision: 'no_stream' as const,
              },
            ]),
        ...reservations[index],
      ]);
      if (idempotent && recordAnswer)
        alsoAppend.push(
          ...recordAnswer(
            await idempotent.answerOf(created),
            created.map((user) => user.id),
          ),
        );
      return { events: decided[0], alsoAppend };
    });
    return created;
  }

  /** Every refusal a user of the batch can meet (a taken name or number, an OTP of another number), and its reservations. */
  private async checkAndReserve(user: NewUser, at: Date, batch: BatchClaims): Promise<StreamAppend[]> {
    checkNewUser({ ...user, parent: null, at: at.toISOString() });
    return this.reservations.claimFor(user, at, batch);
  }
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
  if (error instanceof RequestRejectedError)
    return new RequestRejectedError(error.kind, error.code, where + error.message, error.field);
  return error;
}

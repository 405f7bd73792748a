import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import {
  checkNewUser,
  decideUser,
  decideUserNameReservation,
  foldUser,
  userNameStream,
  userStream,
  initialUserState,
} from '@roster/domain';
import { EventStore, StreamAppend } from '@roster/event-store';
import { Clock } from '../../clock';
import { recordFromState, UserRecord } from '../user-record';
import { asExisting, retryOnConflict, UserStreams } from '../user-streams';
import { reserveMobileNumber } from '../mobile-number-reservations';
import { NumericIds } from '../numeric-ids';
import { Written } from '../written';
import { CreateUserCommand } from './create-user.command';
import { UserNameReservationReader } from './user-name-reservation.reader';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, Written<UserRecord>> {
  constructor(
    private readonly store: EventStore,
    private readonly streams: UserStreams,
    private readonly clock: Clock,
    private readonly reservations: UserNameReservationReader,
    private readonly numericIds: NumericIds,
  ) {}

  execute({ tenantId, input }: CreateUserCommand): Promise<Written<UserRecord>> {
    const userId = randomUUID();
    const at = this.clock.now().toISOString();
    let numericId: number | null = null;
    return retryOnConflict(async () => {
      const parent = input.parentId ? await this.streams.lookUpParent(input.parentId) : null;
      const user = { userId, tenantId, ...input, parent: parent?.facts ?? null, at };
      checkNewUser(user);
      const reservation = input.userName
        ? await this.reserveUserName({ tenantId, userType: input.userType, userName: input.userName, userId, at })
        : [];
      const mobileNumber = this.reservations.mobileNumberToReserve({ userType: input.userType, userName: input.userName ?? null, profile: input.profile });
      const mobile = mobileNumber ? [await reserveMobileNumber(this.reservations, { tenantId, mobileNumber, userId }, new Date(at))] : [];
      // Taken once every check passed, so a refused create writes nothing (not even a block of ids); a retry keeps it.
      numericId ??= await this.numericIds.next();
      const events = decideUser({ type: 'CreateUser', data: { ...user, numericId } }, initialUserState);
      const stream = userStream(userId);
      const result = await this.store.appendMany([
        { stream, events: this.streams.toNewEvents(events, tenantId), expectedRevision: 'no_stream' },
        ...reservation,
        ...mobile,
        ...(parent?.guards ?? []),
      ]);
      return {
        value: recordFromState(asExisting(foldUser(events))),
        position: result.position.toString(),
        revision: result.revisions[stream],
      };
    });
  }

  private async reserveUserName(request: Parameters<typeof decideUserNameReservation>[0]): Promise<StreamAppend[]> {
    const stream = userNameStream(request.tenantId, request.userType, request.userName);
    const { state, revision } = await this.reservations.load(stream, request, new Date(request.at));
    const events = decideUserNameReservation(request, state);
    return [
      {
        stream,
        events: events,
        expectedRevision: revision === -1 ? 'no_stream' : revision,
      },
    ];
  }
}

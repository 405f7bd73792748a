import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideUser, foldUser, userStream, UserEvent } from '@roster/domain';
import { EventStore, WrongExpectedRevisionError } from '@roster/event-store';
import { Clock } from '../../clock';
import { recordFromState, UserRecord } from '../user-record';
import { asExisting, retryOnConflict, UserStreams } from '../user-streams';
import { UserNameReservationReader } from '../create-user/user-name-reservation.reader';
import { moveMobileNumber } from '../mobile-number-reservations';
import { Written } from '../written';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, Written<UserRecord>> {
  constructor(
    private readonly store: EventStore,
    private readonly streams: UserStreams,
    private readonly clock: Clock,
    private readonly reservations: UserNameReservationReader,
  ) {}

  execute(command: UpdateUserCommand): Promise<Written<UserRecord>> {
    const attempt = () => this.update(command);
    return command.expectedRevision === undefined ? retryOnConflict(attempt) : attempt();
  }

  private async update({ tenantId, userId, changes, parentId, expectedRevision }: UpdateUserCommand): Promise<Written<UserRecord>> {
    const at = this.clock.now().toISOString();
    const stream = userStream(userId);
    const loaded = await this.streams.load(userId);
    // Deciding first rejects unknown and foreign users before the revision check could reveal them.
    const profileEvents = decideUser({ type: 'UpdateProfile', data: { userId, tenantId, changes, at } }, loaded.state);
    if (expectedRevision !== undefined && expectedRevision !== loaded.revision) {
      throw new WrongExpectedRevisionError(stream, expectedRevision, loaded.revision);
    }
    const afterProfile = foldUser(profileEvents, loaded.state);
    const parent = parentId ? await this.streams.lookUpParent(parentId) : null;
    const parentEvents: UserEvent[] =
      parentId === undefined
        ? []
        : decideUser({ type: 'ChangeParent', data: { userId, tenantId, parent: parent?.facts ?? null, at } }, afterProfile);
    const events = [...profileEvents, ...parentEvents];
    const updated = asExisting(foldUser(parentEvents, afterProfile));
    const user = recordFromState(updated);
    if (events.length === 0) {
      return { value: user, position: String(loaded.position ?? 0n), revision: loaded.revision };
    }
    const result = await this.store.appendMany([
      { stream, events: this.streams.toNewEvents(events, tenantId), expectedRevision: loaded.revision },
      ...(await moveMobileNumber(this.reservations, asExisting(loaded.state), updated, new Date(at))),
      ...(parent?.guards ?? []),
    ]);
    return { value: user, position: result.position.toString(), revision: result.revisions[stream] };
  }
}

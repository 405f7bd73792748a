import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideUser, foldUser, UserEvent } from '@roster/domain';
import { UserRecord, Written } from '@roster/user-service-contract';
import { Clock } from '../../clock';
import { recordFromState } from '../user-record';
import { asExisting, UserStreams } from '../user-streams';
import { Reservations } from '../reservations';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, Written<UserRecord>> {
  constructor(
    private readonly streams: UserStreams,
    private readonly clock: Clock,
    private readonly reservations: Reservations,
  ) {}

  async execute({
    tenantId,
    userId,
    changes,
    parentId,
    expectedRevision,
    apiKeyId,
  }: UpdateUserCommand): Promise<Written<UserRecord>> {
    const at = this.clock.now().toISOString();
    const { state, position, revision } = await this.streams.run(
      userId,
      async ({ state: before, checkExpectedRevision }) => {
        const profileEvents = decideUser({ type: 'UpdateProfile', data: { userId, tenantId, changes, at } }, before);
        // Deciding first rejects unknown and foreign users before the revision check could reveal them.
        checkExpectedRevision();
        const afterProfile = foldUser(profileEvents, before);
        const parent = parentId ? await this.streams.lookUpParent(parentId) : null;
        const parentEvents: UserEvent[] =
          parentId === undefined
            ? []
            : decideUser(
                { type: 'ChangeParent', data: { userId, tenantId, parent: parent?.facts ?? null, at } },
                afterProfile,
              );
        const events = [...profileEvents, ...parentEvents];
        if (events.length === 0) return { events };
        const mobileMoves = await this.reservations.move(
          asExisting(before),
          asExisting(foldUser(parentEvents, afterProfile)),
          new Date(at),
        );
        return { events, alsoAppend: [...mobileMoves, ...(parent?.guards ?? [])] };
      },
      expectedRevision,
      apiKeyId,
    );
    return { value: recordFromState(asExisting(state)), position: String(position ?? 0n), revision };
  }
}

import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideUser, foldUser, UserEvent } from '@roster/domain';
import { UserRecord, Written } from '@roster/user-service-contract';
import { Clock } from '../../clock';
import { IdempotentRequests, KeyedWrite, replayedWritten } from '../../idempotency/idempotent-requests';
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
    private readonly idempotency: IdempotentRequests,
  ) {}

  execute(command: UpdateUserCommand): Promise<Written<UserRecord>> {
    return this.idempotency.once(
      command.tenantId,
      command.idempotencyKey,
      (keyed) => this.update(command, keyed),
      replayedWritten<UserRecord>,
    );
  }

  private async update(
    { tenantId, userId, changes, parentId, expectedRevision, apiKeyId }: UpdateUserCommand,
    keyed: KeyedWrite,
  ): Promise<Written<UserRecord>> {
    const at = this.clock.now().toISOString();
    // The decision's own answer (the attempt that was written decides last): recorded with a key, returned always.
    let answer = null as Omit<Written<UserRecord>, 'position'> | null;
    const { position } = await this.streams.run(
      userId,
      async ({ state: before, revision: current, checkExpectedRevision }) => {
        const recordAnswer = await keyed.begin();
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
        const after = foldUser(parentEvents, afterProfile);
        answer = { value: recordFromState(asExisting(after)), revision: current + events.length };
        if (events.length === 0) return { events, alsoAppend: recordAnswer(answer, [userId]) };
        const mobileMoves = await this.reservations.move(asExisting(before), asExisting(after), new Date(at));
        return { events, alsoAppend: [...mobileMoves, ...(parent?.guards ?? []), ...recordAnswer(answer, [userId])] };
      },
      expectedRevision,
      apiKeyId,
    );
    if (!answer) throw new Error('the update returned without a decision');
    return { ...answer, position: String(position ?? 0n) };
  }
}

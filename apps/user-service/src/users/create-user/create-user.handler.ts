import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { checkNewUser, decideUser, foldUser } from '@roster/domain';
import { UserRecord, Written } from '@roster/user-service-contract';
import { Clock } from '../../clock';
import { IdempotentRequests, KeyedWrite, replayedWritten } from '../../idempotency/idempotent-requests';
import { recordFromState } from '../user-record';
import { asExisting, UserStreams } from '../user-streams';
import { NumericIds } from '../numeric-ids';
import { Reservations } from '../reservations';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, Written<UserRecord>> {
  constructor(
    private readonly streams: UserStreams,
    private readonly clock: Clock,
    private readonly reservations: Reservations,
    private readonly numericIds: NumericIds,
    private readonly idempotency: IdempotentRequests,
  ) {}

  execute({ tenantId, input: { idempotencyKey, ...input } }: CreateUserCommand): Promise<Written<UserRecord>> {
    return this.idempotency.once(
      tenantId,
      idempotencyKey,
      (keyed) => this.create(tenantId, input, keyed),
      replayedWritten<UserRecord>,
    );
  }

  private async create(
    tenantId: string,
    { apiKeyId, ...input }: Omit<CreateUserCommand['input'], 'idempotencyKey'>,
    keyed: KeyedWrite,
  ): Promise<Written<UserRecord>> {
    const userId = randomUUID();
    const at = this.clock.now().toISOString();
    let numericId: number | null = null;
    // The decision's own answer (the attempt that was written decides last): recorded with a key, returned always.
    let answer = null as Omit<Written<UserRecord>, 'position'> | null;
    const { position } = await this.streams.run(
      userId,
      async ({ state: initial, revision: current }) => {
        const recordAnswer = await keyed.begin();
        const parent = input.parentId ? await this.streams.lookUpParent(input.parentId) : null;
        const user = { userId, tenantId, ...input, parent: parent?.facts ?? null, at };
        checkNewUser(user);
        const reservations = await this.reservations.claimFor(user, new Date(at));
        // Taken once every check passed, so a refused create writes nothing (not even a block of ids); a retry keeps it.
        numericId ??= await this.numericIds.next();
        const events = decideUser({ type: 'CreateUser', data: { ...user, numericId } }, initial);
        answer = { value: recordFromState(asExisting(foldUser(events, initial))), revision: current + events.length };
        return { events, alsoAppend: [...reservations, ...(parent?.guards ?? []), ...recordAnswer(answer, [userId])] };
      },
      undefined,
      apiKeyId,
    );
    if (!answer) throw new Error('the create was written without a decision');
    return { ...answer, position: String(position) };
  }
}

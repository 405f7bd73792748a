import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RosterConfig } from '@roster/config';
import { EventStore } from '@roster/event-store';
import { PersonalData } from '@roster/personal-data';
import { UserReadModel } from '@roster/read-model';
import { Erasure } from '@roster/user-service-contract';
import { Clock } from '../../clock';
import { ReadModelFreshness } from '../../consistency/read-model-freshness';
import { EraseUserCommand } from './erase-user.command';
import { UserErasure } from './user-erasure';

/** DELETE /users/{id}: the erasure itself is UserErasure's, shared with the operator CLI. */
@CommandHandler(EraseUserCommand)
export class EraseUserHandler implements ICommandHandler<EraseUserCommand, Erasure> {
  private readonly erasure: UserErasure;

  constructor(
    store: EventStore,
    readModel: UserReadModel,
    freshness: ReadModelFreshness,
    personalData: PersonalData,
    clock: Clock,
    config: RosterConfig,
  ) {
    this.erasure = new UserErasure({ store, readModel, freshness, personalData, clock, config });
  }

  execute({ tenantId, userId, apiKeyId }: EraseUserCommand): Promise<Erasure> {
    return this.erasure.erase(tenantId, userId, { apiKeyId });
  }
}

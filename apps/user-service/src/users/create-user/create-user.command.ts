import type { Profile, UserType } from '@roster/domain';
import type { IdempotencyKey } from '@roster/user-service-contract';

export class CreateUserCommand {
  constructor(
    readonly tenantId: string,
    readonly input: {
      userType: UserType;
      userName: string | null;
      profile: Profile;
      parentId: string | null;
      /** The acting API key's public id, for the events' metadata. */
      apiKeyId?: string;
      idempotencyKey?: IdempotencyKey;
    },
  ) {}
}

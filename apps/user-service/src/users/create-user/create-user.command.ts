import type { NewUserInput } from '@roster/user-service-contract';

export class CreateUserCommand {
  constructor(
    readonly tenantId: string,
    readonly input: NewUserInput,
  ) {}
}

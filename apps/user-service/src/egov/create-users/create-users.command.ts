import type { EgovCaller, EgovUserInput, IdempotencyKey } from '@roster/user-service-contract';

export class EgovCreateUsersCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly inputs: EgovUserInput[],
    readonly idempotencyKey?: IdempotencyKey,
  ) {}
}

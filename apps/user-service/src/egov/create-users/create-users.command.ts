import type { EgovCaller, EgovUserInput } from '@roster/user-service-contract';

export class EgovCreateUsersCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly inputs: EgovUserInput[],
  ) {}
}

import type { EgovCaller, EgovUpdateMode, EgovUserInput } from '@roster/user-service-contract';

export class EgovUpdateUserCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly input: EgovUserInput,
    readonly mode: EgovUpdateMode,
  ) {}
}

import { EgovCaller, EgovUpdateMode, EgovUserInput } from '../egov-user-api';

export class EgovUpdateUserCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly input: EgovUserInput,
    readonly mode: EgovUpdateMode,
  ) {}
}

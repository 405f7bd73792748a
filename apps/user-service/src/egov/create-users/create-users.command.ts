import { EgovCaller, EgovUserInput } from '../egov-user-api';

export class EgovCreateUsersCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly inputs: EgovUserInput[],
  ) {}
}

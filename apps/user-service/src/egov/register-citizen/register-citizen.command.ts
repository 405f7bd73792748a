import { EgovUserInput } from '../egov-user-api';

export class EgovRegisterCitizenCommand {
  constructor(
    readonly input: EgovUserInput,
    /** Login-on-registration: answer tokens as well. */
    readonly login: boolean,
  ) {}
}

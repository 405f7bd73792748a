import type { EgovUserInput } from '@roster/user-service-contract';

export class EgovRegisterCitizenCommand {
  constructor(
    readonly input: EgovUserInput,
    /** Login-on-registration: answer tokens as well. */
    readonly login: boolean,
  ) {}
}

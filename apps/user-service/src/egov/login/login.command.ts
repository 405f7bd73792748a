import { EgovLogin } from '../egov-user-api';

export class EgovLoginCommand {
  constructor(readonly request: EgovLogin) {}
}

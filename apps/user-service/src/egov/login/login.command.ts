import type { EgovLogin } from '@roster/user-service-contract';

export class EgovLoginCommand {
  constructor(readonly request: EgovLogin) {}
}

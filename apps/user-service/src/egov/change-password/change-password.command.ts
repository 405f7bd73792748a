import type { EgovCaller } from '@roster/user-service-contract';

export class EgovChangePasswordCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly request: { existingPassword: string; newPassword: string },
  ) {}
}

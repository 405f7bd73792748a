import { UserType } from '@roster/domain';
import { EgovCaller } from '../egov-user-api';

export class EgovChangePasswordCommand {
  constructor(
    readonly caller: EgovCaller,
    readonly request: { existingPassword: string; newPassword: string },
  ) {}
}

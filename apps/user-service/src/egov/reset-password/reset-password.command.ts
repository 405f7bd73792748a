import type { UserType } from '@roster/domain';

export class EgovResetPasswordCommand {
  constructor(
    readonly request: { otpReference: string; userName: string; newPassword: string; tenantId: string; type: UserType },
  ) {}
}

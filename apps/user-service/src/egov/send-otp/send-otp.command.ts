import { OtpPurpose, UserType } from '@roster/domain';

export class EgovSendOtpCommand {
  constructor(readonly request: { tenantId: string; mobileNumber: string; purpose: OtpPurpose; userType: UserType }) {}
}

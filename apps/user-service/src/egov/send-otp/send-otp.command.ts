import type { EgovSendOtpRequest } from '@roster/user-service-contract';

export class EgovSendOtpCommand {
  constructor(readonly request: EgovSendOtpRequest) {}
}

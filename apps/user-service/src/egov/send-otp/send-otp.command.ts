import { EgovSendOtpRequest } from '../egov-user-api';

export class EgovSendOtpCommand {
  constructor(readonly request: EgovSendOtpRequest) {}
}

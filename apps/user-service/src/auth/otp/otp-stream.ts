import { OtpPurpose } from '@roster/domain';
import { RecordedEvent } from '@roster/event-store';

export const OTP_PURPOSES: readonly OtpPurpose[] = ['register', 'login', 'passwordreset'];

/** One stream per (tenant, mobile number, purpose). It holds HMACs of codes, never a code. */
export function otpStream(tenantId: string, mobileNumber: string, purpose: OtpPurpose): string {
  return `otp-${tenantId}-${mobileNumber}-${purpose}`;
}

export interface OtpIssued {
  type: 'OtpIssued';
  data: { otpId: string; codeHmac: string; expiresAt: string; at: string };
}

export interface OtpAttemptFailed {
  type: 'OtpAttemptFailed';
  data: { otpId: string; at: string };
}

export interface OtpConsumed {
  type: 'OtpConsumed';
  data: { otpId: string; at: string };
}

export type OtpEvent = OtpIssued | OtpAttemptFailed | OtpConsumed;

/** The newest code of a stream; a new code replaces the one before it. */
export interface LiveOtp {
  otpId: string;
  codeHmac: string;
  expiresAt: Date;
  failedAttempts: number;
  consumed: boolean;
}

export interface OtpStreamState {
  /** Revision of the stream's last event, -1 when it has none. */
  revision: number;
  live: LiveOtp | null;
  /** When each code of the stream was issued, oldest first. */
  issuedAt: Date[];
}

export function foldOtpStream(events: RecordedEvent[]): OtpStreamState {
  const state: OtpStreamState = { revision: -1, live: null, issuedAt: [] };
  for (const recorded of events) {
    state.revision = recorded.revision;
    const event = { type: recorded.type, data: recorded.data } as OtpEvent;
    switch (event.type) {
      case 'OtpIssued':
        state.issuedAt.push(new Date(event.data.at));
        state.live = { otpId: event.data.otpId, codeHmac: event.data.codeHmac, expiresAt: new Date(event.data.expiresAt), failedAttempts: 0, consumed: false };
        break;
      case 'OtpAttemptFailed':
        if (state.live?.otpId === event.data.otpId) state.live.failedAttempts += 1;
        break;
      case 'OtpConsumed':
        if (state.live?.otpId === event.data.otpId) state.live.consumed = true;
        break;
    }
  }
  return state;
}

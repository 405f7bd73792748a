import type { Decider } from '../decider';
import { RequestRejectedError } from '../errors';
import type { OtpPurpose } from '../user/user.events';

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

export interface OtpState {
  live: LiveOtp | null;
  /** When each code of the stream was issued, oldest first. */
  issuedAt: Date[];
}

/** The configured limits (ROSTER_OTP_*), inputs like the time. */
export interface OtpPolicy {
  ttlSeconds: number;
  maxAttempts: number;
  sendLimit: number;
  sendWindowSeconds: number;
}

/**
 * A new code. The send limit counts the codes sent to the number across all purposes, so the command brings
 * when the other purposes' streams issued theirs (per purpose the limit would allow three times as many).
 */
export interface IssueOtp {
  type: 'IssueOtp';
  data: { otpId: string; codeHmac: string; issuedElsewhereAt: Date[]; policy: OtpPolicy; at: string };
}

/** A try of a code. `matches` compares the tried code's HMAC with the live one's (in constant time, outside). */
export interface CheckOtp {
  type: 'CheckOtp';
  data: { matches: (codeHmac: string) => boolean; policy: OtpPolicy; at: string };
}

export type OtpCommand = IssueOtp | CheckOtp;

export const initialOtpState: OtpState = { live: null, issuedAt: [] };

export function evolveOtp(state: OtpState, event: OtpEvent): OtpState {
  switch (event.type) {
    case 'OtpIssued':
      return {
        issuedAt: [...state.issuedAt, new Date(event.data.at)],
        live: {
          otpId: event.data.otpId,
          codeHmac: event.data.codeHmac,
          expiresAt: new Date(event.data.expiresAt),
          failedAttempts: 0,
          consumed: false,
        },
      };
    case 'OtpAttemptFailed':
      return withLive(state, event.data.otpId, (live) => ({ ...live, failedAttempts: live.failedAttempts + 1 }));
    case 'OtpConsumed':
      return withLive(state, event.data.otpId, (live) => ({ ...live, consumed: true }));
  }
}

/** A wrong try answers OtpAttemptFailed (which the caller appends, then refuses with `wrongOtp`), a right one OtpConsumed. */
export function decideOtp(command: OtpCommand, state: OtpState): OtpEvent[] {
  switch (command.type) {
    case 'IssueOtp':
      return [issue(command.data, state)];
    case 'CheckOtp': {
      const { matches, policy, at } = command.data;
      const live = usable(state.live, policy, at);
      const data = { otpId: live.otpId, at };
      return [matches(live.codeHmac) ? { type: 'OtpConsumed', data } : { type: 'OtpAttemptFailed', data }];
    }
  }
}

export const otpDecider: Decider<OtpCommand, OtpEvent, OtpState> = {
  decide: decideOtp,
  evolve: evolveOtp,
  initialState: initialOtpState,
};

/** The refusal of a wrong code, once its OtpAttemptFailed is written. */
export function wrongOtp(): RequestRejectedError {
  return rejected('OTP_INVALID', 'the OTP is not correct');
}

function issue({ otpId, codeHmac, issuedElsewhereAt, policy, at }: IssueOtp['data'], state: OtpState): OtpIssued {
  const now = Date.parse(at);
  const windowStart = now - policy.sendWindowSeconds * 1000;
  const sentInWindow = [...state.issuedAt, ...issuedElsewhereAt].filter(
    (issued) => issued.getTime() > windowStart,
  ).length;
  if (sentInWindow >= policy.sendLimit) {
    throw new RequestRejectedError(
      'rate_limited',
      'OTP_RATE_LIMITED',
      'too many OTPs were sent to this mobile number; try again later',
      'mobileNumber',
    );
  }
  return {
    type: 'OtpIssued',
    data: { otpId, codeHmac, expiresAt: new Date(now + policy.ttlSeconds * 1000).toISOString(), at },
  };
}

/** The live code, when a try against it may still count; otherwise the rejection that says why not. */
function usable(live: LiveOtp | null, policy: OtpPolicy, at: string): LiveOtp {
  if (!live) throw rejected('OTP_NOT_FOUND', 'no OTP was sent to this mobile number for this purpose');
  if (live.consumed) throw rejected('OTP_USED', 'the OTP was already used; request a new one');
  if (live.failedAttempts >= policy.maxAttempts)
    throw rejected('OTP_TOO_MANY_ATTEMPTS', 'too many wrong tries; request a new OTP');
  if (Date.parse(at) >= live.expiresAt.getTime())
    throw rejected('OTP_EXPIRED', 'the OTP has expired; request a new one');
  return live;
}

// An attempt or spend of an older code than the live one changes nothing.
function withLive(state: OtpState, otpId: string, change: (live: LiveOtp) => LiveOtp): OtpState {
  return state.live?.otpId === otpId ? { ...state, live: change(state.live) } : state;
}

function rejected(code: string, message: string): RequestRejectedError {
  return new RequestRejectedError('invalid', code, message, 'otpReference');
}

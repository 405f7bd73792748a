import { deciderSpec } from '../testing/decider-spec';
import type { CheckOtp, IssueOtp, OtpAttemptFailed, OtpConsumed, OtpIssued, OtpPolicy } from './otp';
import { otpDecider, otpStream, wrongOtp } from './otp';

const { given } = deciderSpec(otpDecider);

const policy: OtpPolicy = { ttlSeconds: 900, maxAttempts: 2, sendLimit: 3, sendWindowSeconds: 3600 };
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const issued = (otpId = 'otp-1', seconds = 0): OtpIssued => ({
  type: 'OtpIssued',
  data: { otpId, codeHmac: `hmac-of-${otpId}`, expiresAt: at(seconds + policy.ttlSeconds), at: at(seconds) },
});
const failed = (otpId = 'otp-1', seconds = 10): OtpAttemptFailed => ({
  type: 'OtpAttemptFailed',
  data: { otpId, at: at(seconds) },
});
const consumed = (otpId = 'otp-1', seconds = 10): OtpConsumed => ({
  type: 'OtpConsumed',
  data: { otpId, at: at(seconds) },
});

const issue = (otpId = 'otp-1', seconds = 0, issuedElsewhereAt: Date[] = []): IssueOtp => ({
  type: 'IssueOtp',
  data: { otpId, codeHmac: `hmac-of-${otpId}`, issuedElsewhereAt, policy, at: at(seconds) },
});
const check = (codeHmac: string, seconds = 10): CheckOtp => ({
  type: 'CheckOtp',
  data: { matches: (live) => live === codeHmac, policy, at: at(seconds) },
});

describe('OTP decider', () => {
  it('names one stream per tenant, number and purpose', () => {
    expect(otpStream('pb', '9876543210', 'login')).toBe('otp-pb-9876543210-login');
  });

  describe('issuing', () => {
    it('issues a code that expires after the time to live', () => {
      given([]).when(issue()).then([issued()]);
    });

    it('replaces the live code with a new one', () => {
      given([issued('otp-1')])
        .when(issue('otp-2', 60))
        .then([issued('otp-2', 60)]);
    });

    it('refuses a send over the limit, counting the other purposes of the number too', () => {
      given([issued('otp-1', 0), issued('otp-2', 60)])
        .when(issue('otp-3', 120, [new Date(T0 + 90_000)]))
        .thenRejects('rate_limited', 'OTP_RATE_LIMITED', 'mobileNumber');
    });

    it('counts only the codes sent within the window', () => {
      given([issued('otp-1', 0), issued('otp-2', 60), issued('otp-3', 120)])
        .when(issue('otp-4', 3600 + 60))
        .then([issued('otp-4', 3600 + 60)]);
    });
  });

  describe('checking', () => {
    it('spends the live code when it matches', () => {
      given([issued()]).when(check('hmac-of-otp-1')).then([consumed()]);
    });

    it('counts a wrong try', () => {
      given([issued()]).when(check('hmac-of-something-else')).then([failed()]);
    });

    it('refuses when no code was sent', () => {
      given([]).when(check('hmac-of-otp-1')).thenRejects('invalid', 'OTP_NOT_FOUND', 'otpReference');
    });

    it('refuses a code that was already spent', () => {
      given([issued(), consumed()]).when(check('hmac-of-otp-1', 20)).thenRejects('invalid', 'OTP_USED', 'otpReference');
    });

    it('refuses any try, even the right code, after too many wrong ones', () => {
      given([issued(), failed('otp-1', 10), failed('otp-1', 20)])
        .when(check('hmac-of-otp-1', 30))
        .thenRejects('invalid', 'OTP_TOO_MANY_ATTEMPTS', 'otpReference');
    });

    it('refuses an expired code', () => {
      given([issued()])
        .when(check('hmac-of-otp-1', policy.ttlSeconds))
        .thenRejects('invalid', 'OTP_EXPIRED', 'otpReference');
    });

    it('checks only the newest code: tries and spends of an older one do not count against it', () => {
      given([issued('otp-1'), issued('otp-2', 5), failed('otp-1', 6), failed('otp-1', 7), consumed('otp-1', 8)])
        .when(check('hmac-of-otp-2'))
        .then([consumed('otp-2')]);
    });

    it('says why a wrong try was refused', () => {
      expect(wrongOtp()).toMatchObject({ kind: 'invalid', code: 'OTP_INVALID', field: 'otpReference' });
    });
  });
});

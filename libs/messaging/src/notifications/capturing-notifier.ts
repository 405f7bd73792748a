import type { OtpPurpose } from '@roster/domain';
import type { Notification, OtpSms } from './notifier';
import { Notifier } from './notifier';

/** Keeps every notification in memory so a test can read the OTP a user would have received. */
export class CapturingNotifier extends Notifier {
  readonly sent: Notification[] = [];

  async send(notification: Notification): Promise<void> {
    this.sent.push(notification);
  }

  /** The newest code sent to `mobileNumber` (for `purpose`, when given); throws when none was. */
  lastOtp(mobileNumber: string, purpose?: OtpPurpose): string {
    const otps = this.sent.filter(
      (sent): sent is OtpSms =>
        sent.kind === 'otp' && sent.mobileNumber === mobileNumber && (!purpose || sent.purpose === purpose),
    );
    const last = otps[otps.length - 1];
    if (!last) throw new Error(`no OTP was sent to ${mobileNumber}${purpose ? ` for ${purpose}` : ''}`);
    return last.code;
  }

  clear(): void {
    this.sent.length = 0;
  }
}

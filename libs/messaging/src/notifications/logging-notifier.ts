import { Logger } from '@nestjs/common';
import { maskEmailAddress, maskMobileNumber } from './masking';
import type { Notification } from './notifier';
import { Notifier } from './notifier';

/**
 * The embedded default: nothing is delivered, one masked line says what would have been. The code and the
 * message text never reach the log (an OTP in a log file is an OTP anyone with log access can use).
 */
export class LoggingNotifier extends Notifier {
  private readonly logger = new Logger('Notifier');

  async send(notification: Notification): Promise<void> {
    this.logger.log(describe(notification));
  }
}

function describe(notification: Notification): string {
  switch (notification.kind) {
    case 'otp':
      return `OTP for ${maskMobileNumber(notification.mobileNumber)} (${notification.purpose}, tenant ${notification.tenantId}) sent`;
    case 'sms':
      return `SMS for ${maskMobileNumber(notification.mobileNumber)} (tenant ${notification.tenantId}) sent`;
    case 'email': {
      const others = notification.to.length > 1 ? ` and ${notification.to.length - 1} more` : '';
      return `e-mail to ${maskEmailAddress(notification.to[0] ?? '')}${others} (tenant ${notification.tenantId}) sent`;
    }
  }
}

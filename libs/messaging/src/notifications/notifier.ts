import type { OtpPurpose } from '@roster/domain';

/**
 * Delivery of messages to people (OTP codes, SMS, e-mail). Adapters: a logging one (embedded default; logs
 * a masked line, never the code), a capturing one for tests, and Kafka (DIGIT's notification topics
 * `egov.core.notification.sms.otp`, `egov.core.notification.sms`, `egov.core.notification.email`), plus a
 * file one for development and for tests that run the service as a separate process.
 */
export interface OtpSms {
  kind: 'otp';
  tenantId: string;
  mobileNumber: string;
  purpose: OtpPurpose;
  /** The text with the code in it; only the delivery adapter sees it. */
  message: string;
  /** The code alone, so a capturing test adapter can hand it to a test; never logged. */
  code: string;
  expiresAt: Date;
}

export interface Sms {
  kind: 'sms';
  tenantId: string;
  mobileNumber: string;
  message: string;
}

export interface Email {
  kind: 'email';
  tenantId: string;
  to: string[];
  subject: string;
  body: string;
  isHtml: boolean;
}

export type Notification = OtpSms | Sms | Email;

export abstract class Notifier {
  abstract send(notification: Notification): Promise<void>;
}

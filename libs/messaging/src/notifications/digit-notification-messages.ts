import type { KafkaConfig } from '@roster/config';
import type { IResourceConfigEntry, ITopicConfig, Message } from 'kafkajs';
import type { Email, OtpSms, Sms } from './notifier';

/**
 * The values DIGIT's notification services consume, so an existing egov-notification-sms / -mail
 * deployment delivers Roster's messages unchanged:
 * - SMS topics (egov-notification-sms `SMSRequest`): `{mobileNumber, message, category, expiryTime?, tenantId}`,
 *   category `OTP` on the OTP topic (with `expiryTime`, epoch ms, after which the SMS service drops it) and
 *   `NOTIFICATION` on the plain SMS topic (no expiry).
 * - e-mail topic (egov-notification-mail `EmailRequest`): `{email: {emailTo, subject, body, isHTML}, tenantId}`.
 * Keys: the mobile number, or the first recipient address, so one person's messages stay in order.
 */
export interface DigitSmsRequest {
  mobileNumber: string;
  message: string;
  category: 'OTP' | 'NOTIFICATION';
  expiryTime?: number;
  tenantId: string;
}

export interface DigitEmailRequest {
  email: { emailTo: string[]; subject: string; body: string; isHTML: boolean };
  tenantId: string;
}

export function otpSmsMessage(otp: OtpSms): Message {
  const value: DigitSmsRequest = {
    mobileNumber: otp.mobileNumber,
    message: otp.message,
    category: 'OTP',
    expiryTime: otp.expiresAt.getTime(),
    tenantId: otp.tenantId,
  };
  return { key: otp.mobileNumber, value: JSON.stringify(value) };
}

export function smsMessage(sms: Sms): Message {
  const value: DigitSmsRequest = {
    mobileNumber: sms.mobileNumber,
    message: sms.message,
    category: 'NOTIFICATION',
    tenantId: sms.tenantId,
  };
  return { key: sms.mobileNumber, value: JSON.stringify(value) };
}

export function emailMessage(email: Email): Message {
  const value: DigitEmailRequest = {
    email: { emailTo: email.to, subject: email.subject, body: email.body, isHTML: email.isHtml },
    tenantId: email.tenantId,
  };
  return { key: email.to[0] ?? null, value: JSON.stringify(value) };
}

export interface NotificationTopicNames {
  otpSms: string;
  sms: string;
  email: string;
}

/**
 * The topics the Kafka notifier creates when missing. The OTP topic keeps a message only as long as its
 * code lives (`otpTtlSeconds`): the message text carries the code, and an expired code is worth nothing to
 * deliver but something to whoever reads the topic later.
 */
export function notificationTopicConfigs(
  { topicPartitions, replicationFactor }: KafkaConfig,
  topics: NotificationTopicNames,
  otpTtlSeconds: number,
): ITopicConfig[] {
  const deleteAfter = (ms: number | null): IResourceConfigEntry[] => [
    { name: 'cleanup.policy', value: 'delete' },
    ...(ms === null ? [] : [{ name: 'retention.ms', value: String(ms) }]),
  ];
  return [
    {
      topic: topics.otpSms,
      numPartitions: topicPartitions,
      replicationFactor,
      configEntries: deleteAfter(otpTtlSeconds * 1000),
    },
    { topic: topics.sms, numPartitions: topicPartitions, replicationFactor, configEntries: deleteAfter(null) },
    { topic: topics.email, numPartitions: topicPartitions, replicationFactor, configEntries: deleteAfter(null) },
  ];
}

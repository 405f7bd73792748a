import type { BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Message } from 'kafkajs';
import type { MessagePublisher } from '../message-publisher';
import type { NotificationTopicNames } from './digit-notification-messages';
import { emailMessage, otpSmsMessage, smsMessage } from './digit-notification-messages';
import type { Notification } from './notifier';
import { Notifier } from './notifier';

/**
 * Hands notifications to DIGIT's notification services over Kafka (see digit-notification-messages.ts for
 * topics and shapes). `send` resolves once the broker acknowledged the message (acks=all), so an OTP the
 * API reports as sent is durably on its way. The publisher is connected at module start: a broker that
 * cannot be reached stops start-up instead of failing the first OTP.
 */
export class KafkaNotifier extends Notifier implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly publisher: MessagePublisher,
    private readonly topics: NotificationTopicNames,
  ) {
    super();
  }

  onModuleInit(): Promise<void> {
    return this.publisher.connect();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.publisher.disconnect();
  }

  async send(notification: Notification): Promise<void> {
    const [topic, message] = this.route(notification);
    await this.publisher.publish([{ topic, messages: [message] }]);
  }

  private route(notification: Notification): [string, Message] {
    switch (notification.kind) {
      case 'otp':
        return [this.topics.otpSms, otpSmsMessage(notification)];
      case 'sms':
        return [this.topics.sms, smsMessage(notification)];
      case 'email':
        return [this.topics.email, emailMessage(notification)];
    }
  }
}

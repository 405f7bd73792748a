export * from './notifier';
export * from './masking';
export * from './logging-notifier';
export * from './capturing-notifier';
export * from './file-notifier';
export * from './digit-notification-messages';
export * from './kafka-notifier';

export { NotificationDispatcher, type AlertSilencer, type NotificationDispatcherOptions } from './notification-dispatcher.js';
export type { DeliveryChannelStats } from './delivery-channel.js';
export { DEFAULT_GROUPING, type GroupingOptions } from './grouping.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { NotifyError, type Notification, type Notifier } from './notifier.interface.js';
export {
  NOTIFICATION_DROP_REASONS,
  systemClock,
  type NotificationDropListener,
  type NotificationDropReason,
  type NotifierClock,
  type NotifierLogger,
} from './notifiers.types.js';
export { LogNotifier, type LogNotifierOptions } from './log-notifier.js';
export { WebhookNotifier, type WebhookNotifierOptions, type WebhookPayload, type WebhookAlert } from './webhook-notifier.js';
export { SlackNotifier, type SlackNotifierOptions } from './slack-notifier.js';
export { EmailNotifier, type EmailNotifierOptions, type SmtpTlsMode } from './email-notifier.js';
export { AlertmanagerNotifier, type AlertmanagerNotifierOptions, type PostableAlert } from './alertmanager-notifier.js';
export {
  dispatcherOptionsFromConfig,
  notifiersFromConfig,
  silencesFromConfig,
  type NotifierDependencies,
} from './notifiers-from-config.js';

import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, RoutePathField, Secret, Section, StringField, StringListField, UrlField } from './validators.js';

export class SlackNotificationConfig {
  /** Incoming-webhook URL (a secret: use `${SLACK_WEBHOOK_URL}`). */
  @Secret() @UrlField() webhook_url?: string;
}

export class EmailNotificationConfig {
  /** `host` or `host:port`. */
  @StringField({ optional: true, pattern: /^[A-Za-z0-9.-]+(:\d{1,5})?$/, describe: 'a host name, optionally with :port' })
  smtp_server?: string;

  @StringListField({ pattern: /^[^@\s]+@[^@\s]+$/, describe: 'a list of e-mail addresses' }) recipients: string[] = [];

  @StringField({ optional: true, pattern: /^[^@\s]+@[^@\s]+$/, describe: 'an e-mail address' }) from?: string;
}

export class NotificationConfig {
  @Section(() => SlackNotificationConfig) slack: SlackNotificationConfig = new SlackNotificationConfig();
  @Section(() => EmailNotificationConfig) email: EmailNotificationConfig = new EmailNotificationConfig();
}

/** `observability.alerts`. */
export class AlertsConfig {
  /** @default true */
  @BoolField() enabled = true;

  /**
   * Rules file (YAML, a `rules:` list), relative to the configuration file when loaded from one, else to the
   * working directory. Unset: no rules.
   */
  @StringField({ optional: true, min: 1 }) rules_file?: string;

  /** How often rules are evaluated. @default "15s" */
  @DurationField({ min: 1_000 }) evaluation_interval = 15_000 as DurationMs;

  /** Active alerts as JSON (management token required). @default "/alerts" */
  @RoutePathField() path = '/alerts';

  @Section(() => NotificationConfig) notification: NotificationConfig = new NotificationConfig();
}

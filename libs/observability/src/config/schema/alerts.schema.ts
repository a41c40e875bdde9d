import { Type } from './class-transformer.js';
import { ValidateBy, ValidateNested } from './class-validator.js';
import type { DurationMs } from '../duration.js';
import { AnomalyConfig } from './anomaly.schema.js';
import {
  BoolField,
  DurationField,
  IntField,
  OneOf,
  RoutePathField,
  Secret,
  Section,
  StringField,
  StringListField,
  StringMapField,
  UrlField,
} from './validators.js';
import { CorrelationConfig, FlappingConfig, InhibitRuleConfig, RateLimitConfig, fatigueConfigIssues } from './alert-fatigue.schema.js';

/** A list of nested sections; each entry's fields are validated, unknown keys inside are errors (`…webhooks.0.url`). */
function SectionList(cls: () => new () => object): PropertyDecorator {
  const decorators = [
    Type(cls),
    ValidateNested({ each: true }),
    ValidateBy(
      {
        name: 'isSectionList',
        validator: {
          validate: (v: unknown) => Array.isArray(v) && v.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e)),
        },
      },
      { message: 'a list of mappings (key: value pairs)' },
    ),
  ];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** An ISO 8601 time (`2026-01-01T12:00:00Z`); YAML may hand it over as a string or a date. */
function TimeField(optional: boolean): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTime',
      validator: {
        validate: (v: unknown) =>
          (optional && v === undefined) ||
          (v instanceof Date && Number.isFinite(v.getTime())) ||
          (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && Number.isFinite(Date.parse(v))),
      },
    },
    { message: 'an ISO 8601 time such as "2026-01-01T12:00:00Z"' },
  );
}

const MATCHER = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)/;
const LABEL_NAME_OR_ALL = /^([a-zA-Z_][a-zA-Z0-9_]*|\.\.\.)$/;
const CHANNEL_NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/** `alerts.notification.log`: the default channel, alerts as log lines. */
export class LogNotificationConfig {
  /** @default true */
  @BoolField() enabled = true;
}

export class SlackNotificationConfig {
  /** Incoming-webhook URL (a secret: use `${SLACK_WEBHOOK_URL}`). Unset: no Slack channel. */
  @Secret() @UrlField() webhook_url?: string;

  /** Overrides the webhook's default channel (`#alerts`), where the workspace allows it. */
  @StringField({ optional: true, min: 1, max: 80 }) channel?: string;

  @StringField({ optional: true, min: 1, max: 80 }) username?: string;

  /** Also notify when alerts resolve. @default true */
  @BoolField() send_resolved = true;
}

export class EmailNotificationConfig {
  /** `host` or `host:port`. Unset: no e-mail channel. */
  @StringField({ optional: true, pattern: /^[A-Za-z0-9.-]+(:\d{1,5})?$/, describe: 'a host name, optionally with :port' })
  smtp_server?: string;

  @StringListField({ pattern: /^[^@\s]+@[^@\s]+$/, describe: 'a list of e-mail addresses' }) recipients: string[] = [];

  @StringField({ optional: true, pattern: /^[^@\s]+@[^@\s]+$/, describe: 'an e-mail address' }) from?: string;

  /** SMTP login. */
  @StringField({ optional: true, min: 1 }) username?: string;

  /** SMTP password (a secret: use `${SMTP_PASSWORD}`). */
  @Secret() @StringField({ optional: true, min: 1 }) password?: string;

  /**
   * `starttls`: upgrade with STARTTLS, refuse a server without it; `implicit`: TLS from the first byte (port 465);
   * `opportunistic`: STARTTLS when offered; `none`: plain text. @default "starttls"
   */
  @OneOf(['starttls', 'implicit', 'opportunistic', 'none']) tls: 'starttls' | 'implicit' | 'opportunistic' | 'none' = 'starttls';

  /** Accept a certificate that does not verify (a test relay only). @default false */
  @BoolField() tls_insecure_skip_verify = false;

  /** Name checked against the server's certificate when it differs from the host. */
  @StringField({ optional: true, min: 1, max: 253 }) tls_server_name?: string;

  /** Also notify when alerts resolve. @default true */
  @BoolField() send_resolved = true;
}

/** One entry of `alerts.notification.webhooks`: Alertmanager's webhook payload (version 4) with the evidence. */
export class WebhookNotificationConfig {
  /** Channel name in logs and counters. @default "webhook" for the first entry, "webhook-2", … after it */
  @StringField({ optional: true, pattern: CHANNEL_NAME, describe: 'a channel name: lower-case letters, digits, _ . : - (at most 64)' })
  name?: string;

  /** The receiver (a secret when it carries a token: use `${ALERT_WEBHOOK_URL}`). Empty or unset: the entry is off. */
  @Secret() @UrlField() url?: string;

  /** Extra request headers such as `Authorization` (secrets: never logged). @default {} */
  @Secret() @StringMapField() headers: Record<string, string> = {};

  /** Also notify when alerts resolve. @default true */
  @BoolField() send_resolved = true;

  /** At most this many alerts per request (the rest counted in `truncatedAlerts`); 0 = all. @default 0 */
  @IntField(0, 10_000) max_alerts = 0;
}

/** `alerts.notification.alertmanager`: alerts to Alertmanager's v2 API, as Prometheus sends them. */
export class AlertmanagerNotificationConfig {
  /** Base URL, e.g. `http://alertmanager:9093` (user info, if any, becomes Basic authorization). Unset: off. */
  @Secret() @UrlField() url?: string;

  /** Extra request headers (secrets: never logged). @default {} */
  @Secret() @StringMapField() headers: Record<string, string> = {};

  /** An unchanged firing alert is sent again this often, so that Alertmanager keeps it active. @default "1m" */
  @DurationField({ min: 1_000, max: 3_600_000 }) resend_delay = 60_000 as DurationMs;
}

export class NotificationConfig {
  @Section(() => LogNotificationConfig) log: LogNotificationConfig = new LogNotificationConfig();
  @Section(() => SlackNotificationConfig) slack: SlackNotificationConfig = new SlackNotificationConfig();
  @Section(() => EmailNotificationConfig) email: EmailNotificationConfig = new EmailNotificationConfig();
  /** @default [] */
  @SectionList(() => WebhookNotificationConfig) webhooks: WebhookNotificationConfig[] = [];
  @Section(() => AlertmanagerNotificationConfig) alertmanager: AlertmanagerNotificationConfig = new AlertmanagerNotificationConfig();

  /** Labels that define a notification group; `["..."]` groups by every label. @default ["alertname"] */
  @StringListField({ pattern: LABEL_NAME_OR_ALL, describe: 'a list of label names, or ["..."] for all labels', maxItems: 32 })
  group_by: string[] = ['alertname'];

  /** How long a new group waits for more alerts before its first notification. @default "30s" */
  @DurationField({ min: 0, max: 3_600_000 }) group_wait = 30_000 as DurationMs;

  /** How long before a group is notified of alerts added or resolved since its last notification. @default "5m" */
  @DurationField({ min: 1_000, max: 86_400_000 }) group_interval = 300_000 as DurationMs;

  /** How long before an unchanged notification is sent again. @default "4h" */
  @DurationField({ min: 1_000, max: 2_592_000_000 }) repeat_interval = 14_400_000 as DurationMs;

  /** A firing alert that stops being reported counts as resolved after this long. @default "5m" */
  @DurationField({ min: 1_000, max: 86_400_000 }) resolve_timeout = 300_000 as DurationMs;

  /** Notifications waiting per channel while it is slow or down; beyond it the oldest are dropped. @default 100 */
  @IntField(1, 100_000) queue_size = 100;

  /** Attempts per notification (the first included) before it is dropped. @default 8 */
  @IntField(1, 100) max_attempts = 8;

  /** First retry delay (doubling from here, with jitter; a receiver's Retry-After wins). @default "1s" */
  @DurationField({ min: 10, max: 600_000 }) min_backoff = 1_000 as DurationMs;

  /** Longest backoff between attempts; a receiver's Retry-After is honoured up to 10 minutes. @default "1m" */
  @DurationField({ min: 10, max: 3_600_000 }) max_backoff = 60_000 as DurationMs;

  /** One delivery attempt is abandoned after this long. @default "10s" */
  @DurationField({ min: 100, max: 300_000 }) timeout = 10_000 as DurationMs;

  /** At shutdown, how long queued notifications may still take. @default "5s" */
  @DurationField({ min: 0, max: 60_000 }) shutdown_timeout = 5_000 as DurationMs;

  /** Where a person sees the alerts (`externalURL` of webhook payloads, `generatorURL` for Alertmanager). */
  @UrlField() external_url?: string;
}

/** One entry of `alerts.silences`: notifications of matching alerts are muted between `starts_at` and `ends_at`. */
export class SilenceConfig {
  /** Alertmanager matchers, all of which must match: `severity="warning"`, `route=~"/api/.*"`, `team!="core"`. */
  @StringListField({
    pattern: MATCHER,
    describe: 'a non-empty list of matchers such as severity="warning" or route=~"/api/.*"',
    maxItems: 64,
  })
  matchers: string[] = [];

  /** @default the application's start */
  @TimeField(true) starts_at?: string | Date;

  @TimeField(false) ends_at!: string | Date;

  @StringField({ optional: true, max: 1024 }) comment?: string;

  @StringField({ optional: true, max: 256 }) created_by?: string;
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

  /** Silences in force from startup; more through `POST /alerts/silences`. @default [] */
  @SectionList(() => SilenceConfig) silences: SilenceConfig[] = [];

  /** Learnt baselines of `type: anomaly` rules. */
  @Section(() => AnomalyConfig) anomaly: AnomalyConfig = new AnomalyConfig();
  /** Alertmanager's inhibit rules: while a source alert fires, matching targets are not notified. @default [] */
  @SectionList(() => InhibitRuleConfig) inhibit_rules: InhibitRuleConfig[] = [];

  @Section(() => CorrelationConfig) correlation: CorrelationConfig = new CorrelationConfig();

  @Section(() => FlappingConfig) flapping: FlappingConfig = new FlappingConfig();

  @Section(() => RateLimitConfig) rate_limit: RateLimitConfig = new RateLimitConfig();
}

/** Rules that span several fields; `field` is relative to `alerts`. */
export function alertsConfigIssues(alerts: AlertsConfig): { field: string; value: unknown; expected: string }[] {
  const issues: { field: string; value: unknown; expected: string }[] = [];
  const { email, webhooks } = alerts.notification;
  if (email.smtp_server && email.recipients.length === 0) {
    issues.push({
      field: 'notification.email.recipients',
      value: email.recipients,
      expected: 'at least one address when smtp_server is set',
    });
  }
  if (email.smtp_server && !email.from) {
    issues.push({ field: 'notification.email.from', value: undefined, expected: 'the sender address when smtp_server is set' });
  }
  if (email.password && !email.username) {
    issues.push({ field: 'notification.email.username', value: undefined, expected: 'the SMTP login when a password is set' });
  }
  const names = new Set<string>();
  webhooks.forEach((hook, i) => {
    const name = hook.name ?? (i === 0 ? 'webhook' : `webhook-${i + 1}`);
    if (names.has(name)) issues.push({ field: `notification.webhooks.${i}.name`, value: name, expected: 'a name no other webhook has' });
    names.add(name);
  });
  alerts.silences.forEach((silence, i) => {
    if (silence.matchers.length === 0) {
      issues.push({ field: `silences.${i}.matchers`, value: [], expected: 'at least one matcher' });
    }
    const start = silence.starts_at === undefined ? -Infinity : new Date(silence.starts_at).getTime();
    if (new Date(silence.ends_at).getTime() <= start) {
      issues.push({ field: `silences.${i}.ends_at`, value: silence.ends_at, expected: 'a time after starts_at' });
    }
  });
  issues.push(...fatigueConfigIssues(alerts));
  return issues;
}

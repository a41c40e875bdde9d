import type { AlertsConfig, NotificationConfig } from '../../config/index.js';
import type { SilenceInput } from '../silences/silence-store.js';
import { AlertmanagerNotifier } from './alertmanager-notifier.js';
import { EmailNotifier } from './email-notifier.js';
import type { FetchLike } from './http-post.js';
import { LogNotifier } from './log-notifier.js';
import type { NotificationDispatcherOptions } from './notification-dispatcher.js';
import type { Notifier } from './notifier.interface.js';
import type { NotifierLogger } from './notifiers.types.js';
import { SlackNotifier } from './slack-notifier.js';
import { WebhookNotifier } from './webhook-notifier.js';

export interface NotifierDependencies {
  readonly logger: NotifierLogger;
  /** How long Alertmanager keeps an alert that is no longer sent: 4 × max(resend_delay, evaluation_interval). */
  readonly evaluationIntervalMs?: number;
  readonly fetch?: FetchLike;
}

/**
 * The channels `alerts.notification` configures: the log (unless disabled), then each of Slack, e-mail, the
 * webhooks and Alertmanager whose address is set. An empty address (an unset `${VAR:-}`) leaves its channel off.
 */
export function notifiersFromConfig(config: NotificationConfig, deps: NotifierDependencies): Notifier[] {
  const notifiers: Notifier[] = [];
  if (config.log.enabled) notifiers.push(new LogNotifier({ logger: deps.logger }));
  const { slack, email, alertmanager } = config;
  if (slack.webhook_url) {
    notifiers.push(
      new SlackNotifier({
        webhookUrl: slack.webhook_url,
        channel: slack.channel,
        username: slack.username,
        sendResolved: slack.send_resolved,
        fetch: deps.fetch,
      }),
    );
  }
  if (email.smtp_server) {
    const [host, port] = email.smtp_server.split(':') as [string, string | undefined];
    notifiers.push(
      new EmailNotifier({
        host,
        port: port ? Number(port) : undefined,
        from: email.from ?? `alerts@${host}`,
        to: email.recipients,
        username: email.username,
        password: email.password,
        tls: { mode: email.tls, rejectUnauthorized: !email.tls_insecure_skip_verify, servername: email.tls_server_name },
        sendResolved: email.send_resolved,
        timeoutMs: config.timeout,
      }),
    );
  }
  config.webhooks.forEach((hook, i) => {
    if (!hook.url) return;
    notifiers.push(
      new WebhookNotifier({
        name: hook.name ?? (i === 0 ? 'webhook' : `webhook-${i + 1}`),
        url: hook.url,
        headers: hook.headers,
        sendResolved: hook.send_resolved,
        maxAlerts: hook.max_alerts,
        externalUrl: config.external_url,
        fetch: deps.fetch,
      }),
    );
  });
  if (alertmanager.url) {
    notifiers.push(
      new AlertmanagerNotifier({
        url: alertmanager.url,
        headers: alertmanager.headers,
        endsAfterMs: 4 * Math.max(alertmanager.resend_delay, deps.evaluationIntervalMs ?? 0),
        generatorUrl: config.external_url,
        fetch: deps.fetch,
      }),
    );
  }
  return notifiers;
}

/** The dispatcher's options from `alerts.notification` (the caller adds the silencer, drop listener and clock). */
export function dispatcherOptionsFromConfig(
  config: NotificationConfig,
  deps: NotifierDependencies,
): Pick<NotificationDispatcherOptions, 'notifiers' | 'grouping' | 'queueSize' | 'retry' | 'logger'> {
  return {
    notifiers: notifiersFromConfig(config, deps),
    grouping: {
      groupBy: config.group_by,
      groupWaitMs: config.group_wait,
      groupIntervalMs: config.group_interval,
      repeatIntervalMs: config.repeat_interval,
      resolveTimeoutMs: config.resolve_timeout,
      resendDelayMs: config.alertmanager.resend_delay,
    },
    queueSize: config.queue_size,
    retry: {
      maxAttempts: config.max_attempts,
      minBackoffMs: config.min_backoff,
      maxBackoffMs: config.max_backoff,
      timeoutMs: config.timeout,
    },
    logger: deps.logger,
  };
}

/** `alerts.silences` as the silence store's initial silences. */
export function silencesFromConfig(config: AlertsConfig): SilenceInput[] {
  return config.silences.map((s) => ({
    matchers: s.matchers,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    comment: s.comment,
    createdBy: s.created_by,
  }));
}

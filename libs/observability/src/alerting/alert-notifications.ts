import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { isSecretKeyName, sanitizeText } from '../common/index.js';
import type { AlertsConfig } from '../config/index.js';
import { MetricsService } from '../metrics/index.js';
import { ALERTS_CONFIG } from './alerting.constants.js';
import { suppressionCounter } from './alerting-metrics.js';
import { fatigueFromConfig } from './fatigue/fatigue-from-config.js';
import type { Alert, AlertSink, AlertSuppression } from './interfaces/alert.interface.js';
import { NotificationDispatcher } from './notifiers/notification-dispatcher.js';
import { dispatcherOptionsFromConfig, silencesFromConfig } from './notifiers/notifiers-from-config.js';
import { SilenceStore } from './silences/silence-store.js';

/**
 * What the evaluator's alerts go through on their way to people: the silences (from `alerts.silences` and the
 * API), inhibit rules, the flapping hold, correlation and rate limits, then the channels of `alerts.notification`
 * (the log by default), grouped and repeated as Alertmanager does. Drops are counted in
 * `<ns>_alert_notifications_dropped_total{channel,reason}`, suppressions in `<ns>_alerts_suppressed_total{reason}`;
 * what is queued at shutdown gets `notification.shutdown_timeout`.
 */
@Injectable()
export class AlertNotifications implements AlertSink, OnApplicationShutdown {
  readonly silences: SilenceStore;
  readonly dispatcher: NotificationDispatcher;

  constructor(
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Optional() metrics?: MetricsService,
  ) {
    this.silences = new SilenceStore({ initial: silencesFromConfig(config) });
    const dropped = metrics?.counter({
      name: 'alert_notifications_dropped_total',
      help: 'Alert notifications given up on, by channel and reason (queue full, rejected, retries exhausted, shutdown).',
      labelNames: ['channel', 'reason'],
    });
    this.dispatcher = new NotificationDispatcher({
      ...dispatcherOptionsFromConfig(config.notification, {
        logger: new Logger('Alerting'),
        evaluationIntervalMs: config.evaluation_interval,
      }),
      ...fatigueFromConfig(config),
      silencer: this.silences,
      onDrop: (channel, reason, alerts) => dropped?.inc({ channel, reason }, alerts),
      onSuppress: metrics ? suppressionCounter(metrics) : undefined,
    });
  }

  send(alerts: readonly Alert[], now: Date): void {
    this.dispatcher.send(alerts.map(withoutSecrets), now);
  }

  explain(alert: Alert, now: Date): AlertSuppression {
    return this.dispatcher.explain(withoutSecrets(alert), now);
  }

  onApplicationShutdown(): Promise<void> {
    return this.dispatcher.close(this.config.notification.shutdown_timeout);
  }
}

/**
 * Labels and annotations are what a notification shows (a Slack message, an e-mail, a webhook body): they pass the
 * redaction policy once here, for every channel. A description quoting a runbook URL with credentials, or a label
 * copied from a request, carries no secret out.
 */
function withoutSecrets(alert: Alert): Alert {
  const labels = cleanValues(alert.labels);
  const annotations = cleanValues(alert.annotations);
  return labels === alert.labels && annotations === alert.annotations ? alert : { ...alert, labels, annotations };
}

function cleanValues(values: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  let out: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(values)) {
    const clean = isSecretKeyName(key) ? '[REDACTED]' : sanitizeText(value);
    if (clean !== value) (out ??= { ...values })[key] = clean;
  }
  return out ?? values;
}

import type { MetricsService } from '../metrics/index.js';
import type { Alert, SuppressionReason } from './interfaces/alert.interface.js';

/** Every reason `<ns>_alerts_suppressed_total` counts; each series exists from startup, at 0. */
export const SUPPRESSION_REASONS: readonly SuppressionReason[] = ['silenced', 'inhibited', 'flapping', 'rate_limited', 'correlated'];

/**
 * `<ns>_alerts_suppressed_total{reason}`: alert notifications held back — an alert that became silenced or
 * inhibited, a state change of a flapping alert, an alert a rate limit kept out of a notification, an alert
 * reported under a correlated alert's cause instead of on its own. Returns what the dispatcher calls.
 */
export function suppressionCounter(metrics: MetricsService): (reason: SuppressionReason, alerts: number) => void {
  const counter = metrics.counter({
    name: 'alerts_suppressed_total',
    help: 'Alert notifications held back, by reason (silenced, inhibited, flapping, rate_limited, correlated).',
    labelNames: ['reason'],
  });
  for (const reason of SUPPRESSION_REASONS) counter.inc({ reason }, 0);
  return (reason, alerts) => counter.inc({ reason }, alerts);
}

/**
 * The alerting pillar's own metrics, in the app's registry: `<ns>_alerts{state}` (pending / firing now),
 * `<ns>_alert_evaluation_duration_seconds` and `<ns>_alert_evaluation_failures_total{rule}`.
 */
export class AlertingMetrics {
  private readonly alerts;
  private readonly duration;
  private readonly failures;

  constructor(metrics: MetricsService) {
    this.alerts = metrics.gauge({ name: 'alerts', help: 'Alerts by state after the last rule evaluation.', labelNames: ['state'] });
    this.duration = metrics.histogram({
      name: 'alert_evaluation_duration_seconds',
      help: 'How long one evaluation of every alert rule took (reading the registry included).',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.failures = metrics.counter({
      name: 'alert_evaluation_failures_total',
      help: 'Rule evaluations that failed (the rule kept its previous alerts).',
      labelNames: ['rule'],
    });
    this.alerts.set({ state: 'pending' }, 0);
    this.alerts.set({ state: 'firing' }, 0);
  }

  record(active: readonly Alert[], seconds: number, failedRules: readonly string[]): void {
    this.alerts.set({ state: 'pending' }, active.filter((a) => a.state === 'pending').length);
    this.alerts.set({ state: 'firing' }, active.filter((a) => a.state === 'firing').length);
    this.duration.observe(seconds);
    for (const rule of failedRules) this.failures.inc({ rule });
  }
}

import { formatComparison, formatTrend, notificationTitle } from './evidence-format.js';
import { startsAt } from './grouping.js';
import { isResolved, type Notification, type Notifier } from './notifier.interface.js';
import type { NotifierLogger } from './notifiers.types.js';

export interface LogNotifierOptions {
  readonly logger: NotifierLogger;
  /** @default "log" */
  readonly name?: string;
}

/**
 * The default channel: one log line per notification, a warning while alerts fire and an info line when they
 * resolve, with every alert's evidence as fields a log search can filter on.
 */
export class LogNotifier implements Notifier {
  readonly name: string;
  readonly sendResolved = true;

  constructor(private readonly options: LogNotifierOptions) {
    this.name = options.name ?? 'log';
  }

  send(notification: Notification): Promise<void> {
    const line = {
      msg: notificationTitle(notification),
      group_key: notification.groupKey,
      status: notification.status,
      alerts: notification.alerts.map((alert) => ({
        status: isResolved(alert) ? 'resolved' : 'firing',
        labels: alert.labels,
        annotations: alert.annotations,
        starts_at: startsAt(alert).toISOString(),
        ...(alert.resolvedAt ? { ends_at: alert.resolvedAt.toISOString() } : {}),
        value: alert.evidence.value,
        threshold: alert.evidence.threshold,
        comparison: formatComparison(alert.evidence),
        trend: formatTrend(alert.evidence.trend),
        trace_ids: alert.evidence.traceIds,
        ...(alert.evidence.anomaly ? { anomaly: alert.evidence.anomaly } : {}),
      })),
    };
    if (notification.status === 'firing') this.options.logger.warn(line);
    else this.options.logger.log(line);
    return Promise.resolve();
  }
}

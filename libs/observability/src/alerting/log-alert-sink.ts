import { Logger } from '@nestjs/common';
import { redactUrlCredentials } from '../common/url-credentials.js';
import type { Alert, AlertSink } from './interfaces/alert.interface.js';

/**
 * The default sink: one structured log line per firing or resolved alert, at every evaluation (as Prometheus
 * resends firing alerts to Alertmanager). Credentials in URLs quoted by annotations are masked.
 */
export class LogAlertSink implements AlertSink {
  private readonly logger = new Logger('Alerting');

  send(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      const annotations = Object.fromEntries(Object.entries(alert.annotations).map(([k, v]) => [k, redactUrlCredentials(v, '[REDACTED]')]));
      const line = {
        msg: alert.state === 'firing' ? 'alert firing' : 'alert resolved',
        alertname: alert.labels['alertname'],
        state: alert.state === 'firing' ? 'firing' : 'resolved',
        fingerprint: alert.fingerprint,
        labels: alert.labels,
        annotations,
        value: alert.evidence.value,
        operator: alert.evidence.operator,
        threshold: alert.evidence.threshold,
        trace_ids: alert.evidence.traceIds,
        active_at: alert.activeAt.toISOString(),
        ...(alert.firedAt ? { fired_at: alert.firedAt.toISOString() } : {}),
        ...(alert.resolvedAt ? { resolved_at: alert.resolvedAt.toISOString() } : {}),
      };
      if (alert.state === 'firing') this.logger.warn(line);
      else this.logger.log(line);
    }
  }
}

import type { Alert } from '../../libs/observability/src/alerting/interfaces/alert.interface.js';
import type { Notification } from '../../libs/observability/src/alerting/notifiers/notifier.interface.js';

export const FIRED_AT = new Date('2026-01-01T12:00:00.000Z');
export const TRACE_IDS = ['4bf92f3577b34da6a3ce929d0e0e4736', '0af7651916cd43dd8448eb211c80319c'];

/** A firing error-rate alert on /api/chat with a rising five-minute trend and two trace ids. */
export function errorRateAlert(over: Partial<Alert> = {}): Alert {
  const t = FIRED_AT.getTime();
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    labels: { alertname: 'HighErrorRate', severity: 'critical', route: '/api/chat', service: 'assistant' },
    annotations: { summary: 'Error rate 20% on /api/chat', description: 'More than 5% of requests to /api/chat fail.' },
    state: 'firing',
    activeAt: new Date(t - 60_000),
    firedAt: FIRED_AT,
    evidence: {
      value: 0.2,
      threshold: 0.05,
      operator: '>',
      trend: [
        [t - 300_000, 0.01],
        [t - 200_000, 0.04],
        [t - 100_000, 0.12],
        [t, 0.2],
      ],
      traceIds: TRACE_IDS,
    },
    ...over,
  };
}

export function resolvedAlert(alert: Alert, at = new Date(FIRED_AT.getTime() + 600_000)): Alert {
  return { ...alert, state: 'inactive', resolvedAt: at };
}

export function notificationOf(alerts: readonly Alert[], receiver = 'webhook'): Notification {
  return {
    receiver,
    groupKey: '{}:{alertname="HighErrorRate"}',
    status: alerts.some((a) => !a.resolvedAt) ? 'firing' : 'resolved',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', severity: 'critical' },
    commonAnnotations: {},
    alerts,
    sentAt: new Date(FIRED_AT.getTime() + 30_000),
  };
}

import type { Alert, AlertEvidence } from '../interfaces/alert.interface.js';
import { startsAt } from './grouping.js';
import { isResolved, type Notification } from './notifier.interface.js';

const SPARKS = '▁▂▃▄▅▆▇█';
/** Trace ids shown per alert; the rest are counted. */
export const MAX_TRACE_IDS = 5;

/** A number as a person reads it: up to 4 significant digits, no exponent for everyday magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e9 || Math.abs(value) < 1e-4)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** `0.2 > 0.05`; for an anomaly rule `observed 310, expected 120 ± 2.1 (score 0.97 > 0.8)`. */
export function formatComparison(evidence: AlertEvidence): string {
  const a = evidence.anomaly;
  if (a) {
    const score = `score ${formatNumber(evidence.value)} ${evidence.operator} ${formatNumber(evidence.threshold)}`;
    return `observed ${formatNumber(a.observed)}, expected ${formatNumber(a.expected)} ± ${formatNumber(a.scale)} (${score})`;
  }
  return `${formatNumber(evidence.value)} ${evidence.operator} ${formatNumber(evidence.threshold)}`;
}

/** One character per point, lowest to highest: `▁▂▄█`. Empty when there is no trend. */
export function sparkline(trend: AlertEvidence['trend']): string {
  const values = trend.map(([, v]) => v).filter(Number.isFinite);
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  return values.map((v) => SPARKS[span === 0 ? 3 : Math.round(((v - min) / span) * (SPARKS.length - 1))]).join('');
}

/** `▁▂▄█ 0.01 → 0.2 over 5m` — first and last value and the window the points cover. */
export function formatTrend(trend: AlertEvidence['trend']): string {
  const first = trend[0];
  const last = trend[trend.length - 1];
  if (!first || !last) return 'no data';
  const minutes = Math.round((last[0] - first[0]) / 60_000);
  const window = minutes >= 1 ? ` over ${minutes}m` : '';
  return `${sparkline(trend)} ${formatNumber(first[1])} → ${formatNumber(last[1])}${window}`;
}

/** The first trace ids, worst first, and how many more there are. */
export function formatTraceIds(traceIds: readonly string[]): string {
  if (traceIds.length === 0) return 'none recorded';
  const shown = traceIds.slice(0, MAX_TRACE_IDS).join(', ');
  return traceIds.length > MAX_TRACE_IDS ? `${shown} (+${traceIds.length - MAX_TRACE_IDS} more)` : shown;
}

/** The alert's name, then its route when it has one: `HighErrorRate on /api/chat`. */
export function alertTitle(alert: Alert): string {
  const name = alert.labels.alertname ?? 'alert';
  return alert.labels.route ? `${name} on ${alert.labels.route}` : name;
}

/** Alertmanager's subject form: `[FIRING:2] HighErrorRate` or `[RESOLVED] HighErrorRate`. */
export function notificationTitle(notification: Notification): string {
  const firing = notification.alerts.filter((a) => !isResolved(a)).length;
  const status = notification.status === 'firing' ? `[FIRING:${firing}]` : '[RESOLVED]';
  const names = Object.values(notification.groupLabels).join(' ') || notification.commonLabels.alertname || 'alerts';
  return `${status} ${names}`;
}

/** The plain-text lines of one alert's evidence (log, e-mail text part). */
export function evidenceLines(alert: Alert): string[] {
  const e = alert.evidence;
  const lines = [
    `${isResolved(alert) ? 'RESOLVED' : 'FIRING'}: ${alertTitle(alert)}`,
    ...(alert.annotations.summary ? [`  ${alert.annotations.summary}`] : []),
    ...(alert.annotations.description ? [`  ${alert.annotations.description}`] : []),
    `  value:     ${formatComparison(e)}${isResolved(alert) ? ' (last value while firing)' : ''}`,
    `  trend:     ${formatTrend(e.trend)}`,
    `  traces:    ${formatTraceIds(e.traceIds)}`,
    `  since:     ${startsAt(alert).toISOString()}${alert.resolvedAt ? `, resolved ${alert.resolvedAt.toISOString()}` : ''}`,
    `  labels:    ${Object.entries(alert.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  ];
  return lines;
}

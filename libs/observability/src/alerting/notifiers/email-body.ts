import type { Alert } from '../interfaces/alert.interface.js';
import {
  alertTitle,
  evidenceLines,
  formatComparison,
  formatCorrelation,
  formatFlapping,
  formatTraceIds,
  formatTrend,
  notificationTitle,
} from './evidence-format.js';
import { startsAt } from './grouping.js';
import { isResolved, type Notification } from './notifier.interface.js';

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The text part: one paragraph of evidence per alert. */
export function emailText(notification: Notification): string {
  return [notificationTitle(notification), '', ...notification.alerts.map((a) => evidenceLines(a).join('\n') + '\n')].join('\n');
}

function row(name: string, value: string): string {
  return `<tr><th align="left" style="padding:2px 12px 2px 0">${html(name)}</th><td style="font-family:monospace">${html(value)}</td></tr>`;
}

function alertHtml(alert: Alert): string {
  const e = alert.evidence;
  const resolved = isResolved(alert);
  const colour = resolved ? '#2e7d32' : '#c62828';
  const text = alert.annotations.summary ?? alert.annotations.description;
  return [
    `<h3 style="color:${colour};margin:16px 0 4px">${resolved ? 'RESOLVED' : 'FIRING'}: ${html(alertTitle(alert))}</h3>`,
    text ? `<p style="margin:0 0 4px">${html(text)}</p>` : '',
    '<table>',
    row('Value', `${formatComparison(e)}${resolved ? ' (last value while firing)' : ''}`),
    row('Trend', formatTrend(e.trend)),
    row('Traces', formatTraceIds(e.traceIds)),
    row('Route', alert.labels.route ?? 'n/a'),
    ...[
      ['Correlation', formatCorrelation(alert)],
      ['Flapping', formatFlapping(alert)?.replace(/^flapping: /, '')],
    ]
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => row(name, value)),
    row('Since', `${startsAt(alert).toISOString()}${alert.resolvedAt ? `, resolved ${alert.resolvedAt.toISOString()}` : ''}`),
    row(
      'Labels',
      Object.entries(alert.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ),
    '</table>',
  ].join('\n');
}

/** The HTML part: the same evidence as the text part, escaped. */
export function emailHtml(notification: Notification): string {
  return [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${html(notificationTitle(notification))}</h2>`,
    ...notification.alerts.map(alertHtml),
    '</body></html>',
  ].join('\n');
}

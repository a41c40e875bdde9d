import { describe, expect, it } from 'vitest';
import { errorRateAlert, notificationOf } from '../../../../../test/helpers/alert-fixtures.js';
import type { Alert } from '../interfaces/alert.interface.js';
import { postableAlert } from './alertmanager-notifier.js';
import { emailText } from './email-body.js';
import { formatComparison } from './evidence-format.js';
import { LogNotifier } from './log-notifier.js';
import { slackMessage } from './slack-notifier.js';
import { webhookAlert } from './webhook-notifier.js';

const ANOMALY = { observed: 310, expected: 120.04, deviation: 189.96, scale: 2.1, zScore: 90.46, seasonal: true };

/** A firing alert of a type: anomaly rule: the value is the score, the threshold the sensitivity. */
function anomalyAlert(): Alert {
  const base = errorRateAlert({ labels: { alertname: 'ChatLatencyAnomaly', severity: 'page', route: '/api/chat' } });
  return { ...base, evidence: { ...base.evidence, value: 0.9981, threshold: 0.8, operator: '>', anomaly: ANOMALY } };
}

describe('notifications of anomaly alerts carry expected against observed', () => {
  it('in every text channel (log, e-mail, Slack, Alertmanager annotations) through the comparison', () => {
    const alert = anomalyAlert();
    const comparison = 'observed 310, expected 120 ± 2.1 (score 0.9981 > 0.8)';
    expect(formatComparison(alert.evidence)).toBe(comparison);
    expect(formatComparison(errorRateAlert().evidence)).toBe('0.2 > 0.05');
    expect(emailText(notificationOf([alert]))).toContain(`  value:     ${comparison}\n`);
    expect(JSON.stringify(slackMessage(notificationOf([alert])))).toContain(`\`${comparison.replace('>', '&gt;')}\``);
    expect(postableAlert(alert, new Date(0), 60_000).annotations['value']).toBe(comparison);
  });

  it('as a structured `anomaly` field in the webhook payload and the log line', async () => {
    const alert = anomalyAlert();
    expect(webhookAlert(alert).evidence).toMatchObject({ value: 0.9981, threshold: 0.8, anomaly: ANOMALY });
    expect(webhookAlert(errorRateAlert()).evidence).not.toHaveProperty('anomaly');
    const lines: unknown[] = [];
    const logger = { log: (l: unknown) => lines.push(l), warn: (l: unknown) => lines.push(l), error: (l: unknown) => lines.push(l) };
    await new LogNotifier({ logger }).send(notificationOf([alert]));
    expect(lines).toMatchObject([{ alerts: [{ value: 0.9981, threshold: 0.8, anomaly: ANOMALY }] }]);
  });
});

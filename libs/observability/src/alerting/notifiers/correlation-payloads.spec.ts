import { describe, expect, it, vi } from 'vitest';
import { errorRateAlert, FIRED_AT, notificationOf } from '../../../../../test/helpers/alert-fixtures.js';
import type { Alert } from '../interfaces/alert.interface.js';
import { postableAlert } from './alertmanager-notifier.js';
import { emailHtml, emailText } from './email-body.js';
import { notificationTitle } from './evidence-format.js';
import { LogNotifier } from './log-notifier.js';
import { slackMessage } from './slack-notifier.js';
import { webhookPayload } from './webhook-notifier.js';

const cause = { fingerprint: 'c0ffee0000000001', title: 'LlmProviderUnhealthy' };
const provider: Alert = errorRateAlert({
  fingerprint: cause.fingerprint,
  labels: { alertname: 'LlmProviderUnhealthy', severity: 'critical', provider: 'openai' },
  annotations: {},
  correlation: { role: 'cause', cause, effects: ['HighErrorRate on /api/chat'] },
});
const errors: Alert = errorRateAlert({
  correlation: { role: 'effect', cause, reason: { by: 'series', r: 0.976 } },
  flapping: { changes: 6, ratio: 0.31, evaluations: 40, since: FIRED_AT },
});
const notification = { ...notificationOf([provider, errors]), groupKey: '{}:{alertname="HighErrorRate"}' };

describe('correlated and flapping alerts in every payload', () => {
  it('titles the notification by its likely cause and counts the flapping alerts', () => {
    expect(notificationTitle(notification)).toBe('[FIRING:2] LlmProviderUnhealthy and 1 correlated alert (1 flapping)');
    expect(notificationTitle(notificationOf([errorRateAlert()]))).toBe('[FIRING:1] HighErrorRate');
  });

  it('log: a correlation line per alert and the flapping change count', async () => {
    const logger = { log: vi.fn(), warn: vi.fn() };
    await new LogNotifier({ logger }).send(notification);
    const line = logger.warn.mock.calls[0]![0] as { msg: string; alerts: Array<Record<string, unknown>> };
    expect(line.msg).toBe('[FIRING:2] LlmProviderUnhealthy and 1 correlated alert (1 flapping)');
    expect(line.alerts[0]).toMatchObject({ correlation: 'likely cause of: HighErrorRate on /api/chat' });
    expect(line.alerts[0]).not.toHaveProperty('flapping');
    expect(line.alerts[1]).toMatchObject({
      correlation: 'likely caused by LlmProviderUnhealthy: moved with it (r=0.976)',
      flapping: 'flapping: 6 state changes in the last 40 evaluations (held in this one notification until it settles)',
      state_changes: 6,
    });
  });

  it("webhook: the cause and the correlated alerts at the top, each alert's role and flap state, the v4 fields unchanged", () => {
    const payload = webhookPayload(notification);
    expect(payload.correlation).toEqual({ cause, correlated: [{ fingerprint: errors.fingerprint, title: 'HighErrorRate on /api/chat' }] });
    expect(payload.alerts[1]).toMatchObject({
      status: 'firing',
      fingerprint: errors.fingerprint,
      evidence: { value: 0.2, threshold: 0.05 },
      correlation: { role: 'effect', cause, reason: { by: 'series', r: 0.976 } },
      flapping: { changes: 6, ratio: 0.31, evaluations: 40, since: '2026-01-01T12:00:00.000Z' },
    });
    expect(Object.keys(webhookPayload(notificationOf([errorRateAlert()])))).not.toContain('correlation');
  });

  it('Slack: the header names the cause; each alert says what it caused or what caused it, and that it flaps', () => {
    const message = slackMessage(notification) as { text: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(message.text).toBe('[FIRING:2] LlmProviderUnhealthy and 1 correlated alert (1 flapping)');
    const sections = message.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections[0]).toBe(':red_circle: *LlmProviderUnhealthy*\n_likely cause of: HighErrorRate on /api/chat_');
    expect(sections[1]).toBe(
      ':arrows_counterclockwise: *HighErrorRate on /api/chat*\nError rate 20% on /api/chat\n' +
        '_likely caused by LlmProviderUnhealthy: moved with it (r=0.976)_\n' +
        '_flapping: 6 state changes in the last 40 evaluations (held in this one notification until it settles)_',
    );
  });

  it('e-mail: cause and flapping lines in the text part, rows in the HTML part', () => {
    expect(emailText(notification)).toContain(
      '  cause:     likely caused by LlmProviderUnhealthy: moved with it (r=0.976)\n' +
        '  flapping:  6 state changes in the last 40 evaluations (held in this one notification until it settles)\n',
    );
    expect(emailText(notification)).toContain('  cause:     likely cause of: HighErrorRate on /api/chat\n');
    expect(emailHtml(notification)).toContain(
      '<tr><th align="left" style="padding:2px 12px 2px 0">Correlation</th><td style="font-family:monospace">likely caused by LlmProviderUnhealthy: moved with it (r=0.976)</td></tr>',
    );
  });

  it('Alertmanager v2: cause, correlation and flapping as annotations; labels (the identity) untouched', () => {
    const sentAt = new Date(FIRED_AT.getTime() + 15_000);
    expect(postableAlert(errors, sentAt, 240_000).annotations).toMatchObject({
      cause: 'LlmProviderUnhealthy',
      correlation: 'moved with it (r=0.976)',
      flapping: '6 state changes in the last 40 evaluations (held in this one notification until it settles)',
    });
    expect(postableAlert(provider, sentAt, 240_000).annotations).toMatchObject({ correlated_alerts: 'HighErrorRate on /api/chat' });
    expect(postableAlert(errors, sentAt, 240_000).labels).toEqual(errors.labels);
  });
});

import { describe, expect, it } from 'vitest';
import { errorRateAlert, FIRED_AT, notificationOf, resolvedAlert, TRACE_IDS } from '../../../../../test/helpers/alert-fixtures.js';
import { AlertmanagerNotifier, postableAlert } from './alertmanager-notifier.js';
import { emailHtml, emailText } from './email-body.js';
import { formatNumber, formatTrend, sparkline } from './evidence-format.js';
import { slackMessage } from './slack-notifier.js';
import { webhookPayload } from './webhook-notifier.js';

describe('evidence formatting', () => {
  it('prints values with four significant digits and a sparkline of the trend', () => {
    expect([formatNumber(0.123456), formatNumber(1234.5678), formatNumber(0), formatNumber(2e-7)]).toEqual([
      '0.1235',
      '1235',
      '0',
      '2.000e-7',
    ]);
    expect(sparkline(errorRateAlert().evidence.trend)).toBe('▁▂▅█');
    expect(formatTrend(errorRateAlert().evidence.trend)).toBe('▁▂▅█ 0.01 → 0.2 over 5m');
    expect(formatTrend([])).toBe('no data');
  });
});

describe('webhook payload', () => {
  it("is Alertmanager's version 4 payload, each alert with its evidence", () => {
    const firing = errorRateAlert();
    const gone = resolvedAlert(errorRateAlert({ fingerprint: 'ffff', labels: { ...firing.labels, route: '/api/agents' } }));
    expect(webhookPayload(notificationOf([firing, gone]), 0, 'http://app:3000/alerts')).toEqual({
      version: '4',
      groupKey: '{}:{alertname="HighErrorRate"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'webhook',
      groupLabels: { alertname: 'HighErrorRate' },
      commonLabels: { alertname: 'HighErrorRate', severity: 'critical' },
      commonAnnotations: {},
      externalURL: 'http://app:3000/alerts',
      alerts: [
        {
          status: 'firing',
          labels: firing.labels,
          annotations: firing.annotations,
          startsAt: '2026-01-01T12:00:00.000Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://app:3000/alerts',
          fingerprint: 'a1b2c3d4e5f60718',
          evidence: { value: 0.2, threshold: 0.05, operator: '>', trend: firing.evidence.trend, traceIds: TRACE_IDS },
        },
        expect.objectContaining({ status: 'resolved', endsAt: '2026-01-01T12:10:00.000Z', fingerprint: 'ffff' }),
      ],
    });
  });

  it('counts the alerts it leaves out beyond max_alerts', () => {
    const payload = webhookPayload(notificationOf([errorRateAlert(), errorRateAlert({ fingerprint: 'x' })]), 1);
    expect([payload.alerts.length, payload.truncatedAlerts]).toEqual([1, 1]);
  });
});

describe('Slack message', () => {
  it('has a header and, per alert, value against threshold, trend, trace ids and route', () => {
    const message = slackMessage(notificationOf([errorRateAlert()], 'slack'), { channel: '#alerts' });
    expect(message).toEqual({
      text: '[FIRING:1] HighErrorRate',
      channel: '#alerts',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '[FIRING:1] HighErrorRate', emoji: true } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':red_circle: *HighErrorRate on /api/chat*\nError rate 20% on /api/chat' },
          fields: [
            { type: 'mrkdwn', text: '*Value*\n`0.2 &gt; 0.05`' },
            { type: 'mrkdwn', text: '*Trend*\n▁▂▅█ 0.01 → 0.2 over 5m' },
            { type: 'mrkdwn', text: `*Traces*\n\`${TRACE_IDS[0]}\`, \`${TRACE_IDS[1]}\`` },
            { type: 'mrkdwn', text: '*Route*\n`/api/chat`' },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: 'since 2026-01-01T12:00:00.000Z · alertname=HighErrorRate severity=critical route=/api/chat service=assistant',
            },
          ],
        },
      ],
    });
  });

  it('marks resolutions and stays within Slack block limits for big groups', () => {
    const many = Array.from({ length: 30 }, (_, i) => resolvedAlert(errorRateAlert({ fingerprint: String(i) })));
    const message = slackMessage(notificationOf(many, 'slack')) as { text: string; blocks: Array<{ type: string; elements?: unknown[] }> };
    expect(message.text).toBe('[RESOLVED] HighErrorRate');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '…and 20 more alert(s) in this group' }] });
    expect(JSON.stringify(message.blocks[1])).toContain(':white_check_mark:');
  });
});

describe('Alertmanager postable alert', () => {
  it('carries the evidence as annotations and an endsAt that lets Alertmanager expire it', () => {
    const sentAt = new Date(FIRED_AT.getTime() + 30_000);
    expect(postableAlert(errorRateAlert(), sentAt, 240_000, 'http://app/alerts')).toEqual({
      labels: errorRateAlert().labels,
      annotations: {
        summary: 'Error rate 20% on /api/chat',
        description: 'More than 5% of requests to /api/chat fail.',
        value: '0.2 > 0.05',
        threshold: '> 0.05',
        trend: '▁▂▅█ 0.01 → 0.2 over 5m',
        trace_ids: TRACE_IDS.join(','),
      },
      startsAt: '2026-01-01T12:00:00.000Z',
      endsAt: '2026-01-01T12:04:30.000Z',
      generatorURL: 'http://app/alerts',
    });
    expect(postableAlert(resolvedAlert(errorRateAlert()), sentAt, 240_000).endsAt).toBe('2026-01-01T12:10:00.000Z');
  });
});

describe('AlertmanagerNotifier', () => {
  it('posts the alerts to <base>/api/v2/alerts, keeping a path prefix', async () => {
    const calls: Array<[string, RequestInit]> = [];
    const fetch = (url: URL, init: RequestInit) => (calls.push([url.href, init]), Promise.resolve(new Response(null, { status: 200 })));
    const am = new AlertmanagerNotifier({ url: 'http://alertmanager:9093/am/', fetch });
    expect(am.mode).toBe('forward');
    await am.send(notificationOf([errorRateAlert()], 'alertmanager'), new AbortController().signal);
    expect(calls.map(([url]) => url)).toEqual(['http://alertmanager:9093/am/api/v2/alerts']);
    expect(JSON.parse(calls[0]![1].body as string)).toEqual([
      postableAlert(errorRateAlert(), new Date(FIRED_AT.getTime() + 30_000), 240_000),
    ]);
  });
});

describe('e-mail body', () => {
  it('has the evidence in the text part', () => {
    expect(emailText(notificationOf([errorRateAlert()]))).toBe(
      [
        '[FIRING:1] HighErrorRate',
        '',
        'FIRING: HighErrorRate on /api/chat',
        '  Error rate 20% on /api/chat',
        '  More than 5% of requests to /api/chat fail.',
        '  value:     0.2 > 0.05',
        '  trend:     ▁▂▅█ 0.01 → 0.2 over 5m',
        `  traces:    ${TRACE_IDS.join(', ')}`,
        '  since:     2026-01-01T12:00:00.000Z',
        '  labels:    alertname=HighErrorRate severity=critical route=/api/chat service=assistant',
        '',
      ].join('\n'),
    );
  });

  it('escapes what alerts carry in the HTML part', () => {
    const body = emailHtml(notificationOf([errorRateAlert({ annotations: { summary: '<script>alert(1)</script>' } })]));
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('<td style="font-family:monospace">0.2 &gt; 0.05</td>');
    expect(body).toContain(TRACE_IDS[0]);
  });
});

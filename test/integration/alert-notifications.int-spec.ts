import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { errorRateAlert, FIRED_AT, notificationOf, resolvedAlert, TRACE_IDS } from '../helpers/alert-fixtures.js';
import { AlertmanagerServer, HttpReceiver, SmtpReceiver, waitFor } from '../helpers/alert-receivers.js';
import { AlertCorrelator } from '../../libs/observability/src/alerting/correlation/alert-correlator.js';
import type { Alert } from '../../libs/observability/src/alerting/interfaces/alert.interface.js';
import {
  AlertmanagerNotifier,
  EmailNotifier,
  NotificationDispatcher,
  NotifyError,
  SlackNotifier,
  WebhookNotifier,
  type NotificationDispatcherOptions,
  type Notifier,
  type WebhookPayload,
} from '../../libs/observability/src/alerting/notifiers/index.js';

const WAIT = 30_000;
const SECRET_PATH = '/services/T0000/B0000/XXXXsecretXXXX';

/** Short Alertmanager timing so that a test needs no long waits; the assertions wait on conditions, not on time. */
function dispatcher(notifiers: Notifier[], extra: Partial<NotificationDispatcherOptions> = {}) {
  const logger = { log: vi.fn(), warn: vi.fn() };
  const d = new NotificationDispatcher({
    notifiers,
    logger,
    // The alerts are dated 2026-01-01 on the real clock: a repeat interval of ten years keeps a resolution that arrives
    // while its firing notification is still in flight from counting as long forgotten (a real one is minutes old).
    grouping: { groupWaitMs: 0, groupIntervalMs: 200, repeatIntervalMs: 10 * 365 * 86_400_000, resendDelayMs: 60_000 },
    retry: { minBackoffMs: 50, maxBackoffMs: 5_000, maxAttempts: 5, timeoutMs: 10_000 },
    ...extra,
  });
  return { d, logger };
}

function everything(logger: { log: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn> }): string {
  return JSON.stringify([logger.log.mock.calls, logger.warn.mock.calls]);
}

describe('notifications reach real receivers', () => {
  let hook: HttpReceiver;
  beforeAll(async () => {
    hook = await HttpReceiver.start();
  });
  afterAll(async () => {
    await hook?.stop();
  });

  it("webhook: Alertmanager's v4 payload with the evidence, then the resolution", async () => {
    const url = new URL(`${hook.url}${SECRET_PATH}?token=abc`);
    url.username = 'ops';
    url.password = 'hunter2';
    const { d, logger } = dispatcher([new WebhookNotifier({ url: url.href, externalUrl: 'http://assistant:3000/alerts' })]);
    const start = hook.requests.length;
    const alert = errorRateAlert();
    d.send([alert], new Date());
    await waitFor(() => hook.requests.length > start, WAIT, 'the firing notification');
    const request = hook.requests[start]!;
    expect(request.url).toBe(`${SECRET_PATH}?token=abc`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('ops:hunter2').toString('base64')}`);
    expect(JSON.parse(request.body)).toEqual({
      version: '4',
      groupKey: '{}:{alertname="HighErrorRate"}',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: 'webhook',
      groupLabels: { alertname: 'HighErrorRate' },
      commonLabels: alert.labels,
      commonAnnotations: alert.annotations,
      externalURL: 'http://assistant:3000/alerts',
      alerts: [
        {
          status: 'firing',
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: FIRED_AT.toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://assistant:3000/alerts',
          fingerprint: alert.fingerprint,
          evidence: {
            value: 0.2,
            threshold: 0.05,
            operator: '>',
            trend: alert.evidence.trend.map(([t, v]) => [t, v]),
            traceIds: TRACE_IDS,
          },
        },
      ],
    } satisfies WebhookPayload);

    d.send([resolvedAlert(alert)], new Date());
    await waitFor(() => hook.requests.length > start + 1, WAIT, 'the resolved notification');
    const resolved = JSON.parse(hook.requests[start + 1]!.body) as WebhookPayload;
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts.map((a) => [a.status, a.endsAt])).toEqual([['resolved', '2026-01-01T12:10:00.000Z']]);
    await d.close(1_000);
    expect(everything(logger)).not.toContain('hunter2');
  });

  it('Slack-shaped receiver: 429 with Retry-After, then 200; the same Block Kit message arrives, logged once each way', async () => {
    const slack = await HttpReceiver.start();
    try {
      slack.script = [(res) => res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('rate_limited')];
      const { d, logger } = dispatcher([new SlackNotifier({ webhookUrl: `${slack.url}${SECRET_PATH}` })]);
      d.send([errorRateAlert()], new Date());
      await waitFor(() => slack.requests.length >= 2, WAIT, 'the retried Slack message');
      const [first, second] = slack.requests as [(typeof slack.requests)[0], (typeof slack.requests)[0]];
      // Retry-After: 1 is honoured: the retry never comes sooner (a slow machine can only make it later).
      expect(second.at - first.at).toBeGreaterThanOrEqual(1_000 - 5);
      expect(second.body).toBe(first.body);
      const message = JSON.parse(second.body) as { text: string; blocks: Array<{ type: string; fields?: Array<{ text: string }> }> };
      expect(message.text).toBe('[FIRING:1] HighErrorRate');
      expect(message.blocks.find((b) => b.type === 'section')!.fields!.map((f) => f.text)).toEqual([
        '*Value*\n`0.2 &gt; 0.05`',
        '*Trend*\n▁▂▅█ 0.01 → 0.2 over 5m',
        `*Traces*\n\`${TRACE_IDS[0]}\`, \`${TRACE_IDS[1]}\``,
        '*Route*\n`/api/chat`',
      ]);
      await waitFor(() => logger.log.mock.calls.length > 0, WAIT, 'the recovery line');
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect((logger.warn.mock.calls[0]![0] as { msg: string }).msg).toContain(
        `alert notifications to "slack" are failing (slack: ${slack.url} answered 429 (rate_limited))`,
      );
      expect((logger.log.mock.calls[0]![0] as { msg: string }).msg).toMatch(
        /^alert notifications to "slack" recovered after \d+s; none lost$/,
      );
      expect(everything(logger)).not.toContain('secret');
      expect(d.stats().slack).toMatchObject({ delivered: 1, failing: false });
      await d.close(1_000);
    } finally {
      await slack.stop();
    }
  });

  it('SMTP: one e-mail over STARTTLS with login, text and HTML parts carrying the evidence', async () => {
    const smtp = await SmtpReceiver.start({ user: 'alerts', pass: 'smtp-s3cret' });
    try {
      const email = new EmailNotifier({
        host: '127.0.0.1',
        port: smtp.port,
        from: 'alerts@assistant.example',
        to: ['oncall@example.com', 'sre@example.com'],
        username: 'alerts',
        password: 'smtp-s3cret',
        tls: { mode: 'starttls', rejectUnauthorized: false },
      });
      const { d, logger } = dispatcher([email]);
      d.send([errorRateAlert()], new Date());
      await waitFor(() => smtp.messages.length > 0, WAIT, 'the e-mail');
      const mail = smtp.messages[0]!;
      expect(smtp.secured).toEqual([true]);
      expect(smtp.logins).toEqual(['alerts']);
      expect(mail.subject).toBe('[FIRING:1] HighErrorRate');
      expect(mail.from?.text).toBe('alerts@assistant.example');
      expect((Array.isArray(mail.to) ? mail.to : [mail.to]).map((t) => t?.text)).toEqual(['oncall@example.com, sre@example.com']);
      expect(mail.text).toContain('FIRING: HighErrorRate on /api/chat');
      expect(mail.text).toContain('  value:     0.2 > 0.05');
      expect(mail.text).toContain('  trend:     ▁▂▅█ 0.01 → 0.2 over 5m');
      expect(mail.text).toContain(`  traces:    ${TRACE_IDS.join(', ')}`);
      expect(mail.html).toContain('<td style="font-family:monospace">0.2 &gt; 0.05</td>');
      expect(mail.html).toContain(TRACE_IDS[1]);
      await d.close(1_000);
      expect(everything(logger)).not.toContain('smtp-s3cret');
    } finally {
      await smtp.stop();
    }
  });

  it('SMTP: implicit TLS, and a certificate that does not verify is refused by default', async () => {
    const smtp = await SmtpReceiver.start({ user: 'alerts', pass: 'pw' }, true);
    try {
      const options = {
        host: '127.0.0.1',
        port: smtp.port,
        from: 'alerts@assistant.example',
        to: ['oncall@example.com'],
        username: 'alerts',
        password: 'pw',
      };
      const verified = new EmailNotifier({ ...options, tls: { mode: 'implicit' } });
      const refused = await verified.send(notificationOf([errorRateAlert()], 'email'), new AbortController().signal).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(NotifyError);
      expect((refused as NotifyError).message).toMatch(new RegExp(`^email: 127\\.0\\.0\\.1:${smtp.port} failed \\(E[A-Z]+\\)$`));
      expect(smtp.messages).toEqual([]);

      const trusting = new EmailNotifier({ ...options, tls: { mode: 'implicit', rejectUnauthorized: false } });
      await trusting.send(notificationOf([errorRateAlert()], 'email'), new AbortController().signal);
      expect(smtp.secured).toEqual([true]);
      expect(smtp.messages[0]!.subject).toBe('[FIRING:1] HighErrorRate');
    } finally {
      await smtp.stop();
    }
  });

  it('SMTP: a refused login is a final error that names the server, never the password', async () => {
    const smtp = await SmtpReceiver.start({ user: 'alerts', pass: 'right' });
    try {
      const email = new EmailNotifier({
        host: '127.0.0.1',
        port: smtp.port,
        from: 'alerts@assistant.example',
        to: ['oncall@example.com'],
        username: 'alerts',
        password: 'wr0ng-pa55',
        tls: { mode: 'starttls', rejectUnauthorized: false },
      });
      const error = await email.send(notificationOf([errorRateAlert()], 'email'), new AbortController().signal).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotifyError);
      expect(error).toMatchObject({ message: `email: 127.0.0.1:${smtp.port} refused the login (535)`, retryable: false });
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.stop();
    }
  });
});

describe('a real Alertmanager', () => {
  let am: AlertmanagerServer | undefined;
  let amHook: HttpReceiver;

  beforeAll(async () => {
    amHook = await HttpReceiver.start();
    am = await AlertmanagerServer.start(
      [
        'route:',
        '  receiver: hook',
        '  group_by: [alertname]',
        '  group_wait: 1s',
        '  group_interval: 1s',
        'receivers:',
        '  - name: hook',
        '    webhook_configs:',
        `      - url: ${amHook.url}/from-alertmanager`,
        '        send_resolved: true',
        '',
      ].join('\n'),
      await freePort(),
    );
  });
  afterAll(async () => {
    await am?.stop();
    await amHook?.stop();
  });

  it('receives alerts through POST /api/v2/alerts with the evidence as annotations, and their resolution', async () => {
    const server = am!;
    const { d, logger } = dispatcher([new AlertmanagerNotifier({ url: server.url, generatorUrl: 'http://assistant:3000/alerts' })]);
    const alert = errorRateAlert({ activeAt: new Date(Date.now() - 120_000), firedAt: new Date(Date.now() - 60_000) });
    d.send([alert], new Date());
    type AmAlert = {
      labels: Record<string, string>;
      annotations: Record<string, string>;
      startsAt: string;
      generatorURL: string;
      status: { state: string };
    };
    const [stored] = await waitFor(
      async () => {
        const list = await server.alerts<AmAlert>();
        return list.length > 0 ? list : undefined;
      },
      WAIT,
      'the alert in Alertmanager',
    );
    expect(stored).toMatchObject({
      labels: alert.labels,
      annotations: {
        ...alert.annotations,
        value: '0.2 > 0.05',
        threshold: '> 0.05',
        trend: '▁▂▅█ 0.01 → 0.2 over 5m',
        trace_ids: TRACE_IDS.join(','),
      },
      startsAt: alert.firedAt!.toISOString(),
      generatorURL: 'http://assistant:3000/alerts',
      status: { state: 'active' },
    });

    // Alertmanager groups and notifies by itself; its webhook shows the evidence arrived intact.
    const fromAm = await waitFor(
      () => amHook.requests.find((r) => r.url === '/from-alertmanager'),
      WAIT,
      "Alertmanager's own notification",
    );
    const payload = JSON.parse(fromAm.body) as { status: string; alerts: Array<{ annotations: Record<string, string> }> };
    expect(payload.status).toBe('firing');
    expect(payload.alerts[0]!.annotations.trace_ids).toBe(TRACE_IDS.join(','));

    const resolvedAt = new Date();
    d.send([{ ...resolvedAlert(alert, resolvedAt) } satisfies Alert], new Date());
    await server.until(async () => (await server.alerts<AmAlert>()).length === 0, WAIT, 'the alert to resolve in Alertmanager');
    const resolvedNote = await waitFor(
      () => amHook.requests.map((r) => JSON.parse(r.body) as { status: string }).find((p) => p.status === 'resolved'),
      WAIT,
      "Alertmanager's resolved notification",
    );
    expect(resolvedNote.status).toBe('resolved');
    expect(logger.warn).not.toHaveBeenCalled();
    await d.close(1_000);
  });

  it('shows which alert is the likely cause: annotations cause and correlation on the effect, correlated_alerts on the cause', async () => {
    const server = am!;
    const correlator = new AlertCorrelator({ windowMs: 300_000, labels: ['endpoint'], minCorrelation: 0.8, minPoints: 5, upstream: [] });
    const { d } = dispatcher([new AlertmanagerNotifier({ url: server.url })], { correlator });
    const now = Date.now();
    const provider = errorRateAlert({
      fingerprint: 'prov',
      labels: { alertname: 'LlmProviderUnhealthy', severity: 'critical', provider: 'openai', endpoint: '/api/chat' },
      annotations: {},
      activeAt: new Date(now - 180_000),
      firedAt: new Date(now - 120_000),
    });
    const errors = errorRateAlert({ fingerprint: 'errs', activeAt: new Date(now - 120_000), firedAt: new Date(now - 60_000) });
    d.send([provider, { ...errors, labels: { ...errors.labels, endpoint: '/api/chat' } }], new Date());
    type AmAlert = { labels: Record<string, string>; annotations: Record<string, string> };
    const stored = await waitFor(
      async () => {
        const list = await server.alerts<AmAlert>('?filter=endpoint%3D%22%2Fapi%2Fchat%22');
        return list.length === 2 ? list : undefined;
      },
      WAIT,
      'both alerts in Alertmanager',
    );
    const byName = Object.fromEntries(stored.map((a) => [a.labels['alertname'], a.annotations]));
    expect(byName['LlmProviderUnhealthy']).toMatchObject({ correlated_alerts: 'HighErrorRate on /api/chat' });
    expect(byName['HighErrorRate']).toMatchObject({ cause: 'LlmProviderUnhealthy', correlation: 'shares endpoint=/api/chat' });
    await d.close(1_000);
  });
});

import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertsService, MetricsService, ObservabilityModule } from 'nestjs-observability';
import { AlertingScheduler } from '../libs/observability/src/alerting/alerting.scheduler.js';
import { AlertNotifications } from '../libs/observability/src/alerting/alert-notifications.js';
import type { WebhookAlert, WebhookPayload } from '../libs/observability/src/alerting/notifiers/webhook-notifier.js';
import { bootApp, type Platform } from './helpers/bootstrap.js';
import { HttpReceiver } from './helpers/alert-receivers.js';
import { sampleLines } from './helpers/metrics-app.js';

const T0 = Date.parse('2026-01-01T12:00:00Z');
const STEP = 15_000;
const TICK = 1_000;
const TOKEN = 'fatigue-test-token-0123456789';

function rulesFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alert-rules-')), 'alert_rules.yaml');
  writeFileSync(path, text);
  return path;
}

/**
 * An app whose alerts are evaluated on a fake clock: the scheduler is stopped, and each `step()` evaluates, lets
 * the dispatcher's (fake) timers run to the next evaluation, and waits — in real time, for the HTTP round trip —
 * until the webhook channel has nothing queued or in flight, so what the receiver holds is what was sent.
 */
class FakeTimeApp {
  private constructor(
    readonly app: INestApplication,
    readonly receiver: HttpReceiver,
  ) {}

  static async boot(rules: string, alerts: Record<string, unknown>, platform: Platform = 'express'): Promise<FakeTimeApp> {
    const receiver = await HttpReceiver.start();
    const app = await bootApp({
      platform,
      imports: [
        ObservabilityModule.forRoot(
          {
            logging: { level: 'warn' },
            metrics: { namespace: 'app', default_metrics: false },
            management: { token: TOKEN },
            alerts: {
              rules_file: rulesFile(rules),
              evaluation_interval: '15s',
              ...alerts,
              notification: {
                log: { enabled: false },
                webhooks: [{ url: `${receiver.url}/hook` }],
                ...(alerts['notification'] as object),
              },
            },
          },
          { alertingClock: () => Date.now() },
        ),
      ],
    });
    app.get(AlertingScheduler).stop();
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    return new FakeTimeApp(app, receiver);
  }

  get metrics(): MetricsService {
    return this.app.get(MetricsService);
  }

  payloads(): WebhookPayload[] {
    return this.receiver.requests.map((r) => JSON.parse(r.body) as WebhookPayload);
  }

  /** One evaluation at the fake clock's time, then the clock moves to the next one. */
  async step(): Promise<void> {
    await this.app.get(AlertsService).evaluate();
    await this.idle();
    // The clock moves a second at a time, and only while no notification is on its way: on a busy machine a
    // request still in flight must not see its (fake) timeout pass and be sent again.
    for (let moved = 0; moved < STEP; moved += TICK) {
      await vi.advanceTimersByTimeAsync(TICK);
      await this.idle();
    }
  }

  async close(): Promise<void> {
    vi.useRealTimers();
    await this.app.close();
    await this.receiver.stop();
  }

  private async idle(): Promise<void> {
    const deadline = performance.now() + 30_000;
    const channel = () => this.app.get(AlertNotifications).dispatcher.stats()['webhook']!;
    while (channel().queued > 0 || channel().delivered + sumDrops(channel().dropped) < this.receiver.requests.length) {
      if (performance.now() > deadline) throw new Error(`webhook channel still busy: ${JSON.stringify(channel())}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function sumDrops(dropped: Readonly<Record<string, number>>): number {
  return Object.values(dropped).reduce((a, b) => a + b, 0);
}

async function suppressedLines(app: INestApplication): Promise<string[]> {
  const text = await app.get(MetricsService).registry.metrics();
  return sampleLines(text).filter((l) => l.startsWith('app_alerts_suppressed_total'));
}

const OUTAGE_RULES = `rules:
  - name: HighErrorRate
    condition: |
      sum by (endpoint) (rate(app_chat_requests_total{status="500"}[2m]))
        / sum by (endpoint) (rate(app_chat_requests_total[2m]))
    threshold: 0.05
    duration: 45s
    severity: critical
  - name: HighP99Latency
    condition: histogram_quantile(0.99, sum by (le, endpoint) (rate(app_chat_request_seconds_bucket[2m])))
    threshold: 2
    duration: 45s
  - name: LlmProviderUnhealthy
    condition: min by (provider) (app_provider_healthy)
    threshold: 1
    operator: '<'
    duration: 1m
    severity: critical
`;

let current: FakeTimeApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe.each<Platform>(['express', 'fastify'])('alert correlation on %s', (platform) => {
  it('sends the alerts of a provider outage in one notification, under the provider alert that moved first', async () => {
    const t = (current = await FakeTimeApp.boot(OUTAGE_RULES, { correlation: { enabled: true } }, platform));
    const requests = t.metrics.counter({ name: 'chat_requests_total', help: 'Requests.', labelNames: ['endpoint', 'status'] });
    const latency = t.metrics.histogram({
      name: 'chat_request_seconds',
      help: 'Latency.',
      labelNames: ['endpoint'],
      buckets: [0.5, 1, 2, 5],
    });
    const health = t.metrics.gauge({ name: 'provider_healthy', help: 'Provider health.', labelNames: ['provider'] });
    const traffic = (status: string, seconds: number) => {
      for (let i = 0; i < 10; i++) {
        requests.inc({ endpoint: '/api/chat', status });
        latency.observe({ endpoint: '/api/chat' }, seconds);
      }
    };
    // Two minutes healthy; at 2m the provider's health probe fails; from 2m15s every chat request fails slowly.
    for (let k = 0; k <= 16; k++) {
      health.set({ provider: 'openai' }, k >= 8 ? 0 : 1);
      traffic(k >= 9 ? '500' : '200', k >= 9 ? 3 : 0.1);
      await t.step();
    }
    // The provider alert and p99 latency fire at 3m (the provider after its 1m `for`, latency 45s after its first
    // slow requests); the error rate, whose 5xx series only exists from 2m15s, fires at 3m15s. The latency alert
    // opened the group; the provider alert joined it (its step at 2m and latency's at 2m15s move together, r = 1
    // one evaluation apart), the error rate joined by its endpoint. group_wait (30s) later, one notification carries
    // the three, the provider first: its series moved first.
    const payloads = t.payloads();
    expect(payloads).toHaveLength(1);
    const [payload] = payloads as [WebhookPayload];
    const [provider, slow, errors] = payload.alerts as [WebhookAlert, WebhookAlert, WebhookAlert];
    const cause = { fingerprint: provider.fingerprint, title: 'LlmProviderUnhealthy' };
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      groupKey: '{}:{alertname="HighP99Latency"}',
      groupLabels: { alertname: 'HighP99Latency' },
      correlation: {
        cause,
        correlated: [
          { fingerprint: slow.fingerprint, title: 'HighP99Latency' },
          { fingerprint: errors.fingerprint, title: 'HighErrorRate' },
        ],
      },
    });
    expect(payload.alerts.map((a) => [a.labels['alertname'], a.startsAt])).toEqual([
      ['LlmProviderUnhealthy', '2026-01-01T12:03:00.000Z'],
      ['HighP99Latency', '2026-01-01T12:03:00.000Z'],
      ['HighErrorRate', '2026-01-01T12:03:15.000Z'],
    ]);
    expect(provider.correlation).toEqual({ role: 'cause', cause, effects: ['HighP99Latency', 'HighErrorRate'] });
    expect(slow.correlation).toEqual({ role: 'effect', cause, reason: { by: 'series', r: 1 } });
    expect(errors.correlation).toEqual({
      role: 'effect',
      cause,
      reason: { by: 'labels', labels: { endpoint: '/api/chat' }, with: 'HighP99Latency' },
    });
    // The evidence is still there, alert by alert.
    expect(errors.evidence).toMatchObject({ threshold: 0.05, operator: '>', value: expect.any(Number) });

    const listed = await request(t.app.getHttpServer()).get('/alerts').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const byName = Object.fromEntries(
      (listed.body.alerts as Array<{ labels: Record<string, string>; suppression: unknown }>).map((a) => [
        a.labels['alertname'],
        a.suppression,
      ]),
    );
    expect(byName).toEqual({
      HighErrorRate: { suppressed: true, reasons: ['correlated'], correlatedWith: provider.fingerprint },
      HighP99Latency: { suppressed: true, reasons: ['correlated'], correlatedWith: provider.fingerprint },
      LlmProviderUnhealthy: { suppressed: false, reasons: [] },
    });
    expect(await suppressedLines(t.app)).toEqual([
      'app_alerts_suppressed_total{reason="silenced"} 0',
      'app_alerts_suppressed_total{reason="inhibited"} 0',
      'app_alerts_suppressed_total{reason="flapping"} 0',
      'app_alerts_suppressed_total{reason="rate_limited"} 0',
      'app_alerts_suppressed_total{reason="correlated"} 2',
    ]);
  });
});

const FLAPPY_RULES = `rules:
  - name: QueueBacklog
    condition: max(app_queue_depth)
    threshold: 5
`;

describe('flapping alerts', () => {
  /** 20 minutes of a queue that is over its threshold for 45s, then under it for 45s. */
  async function flap(t: FakeTimeApp): Promise<void> {
    const depth = t.metrics.gauge({ name: 'queue_depth', help: 'Jobs waiting.' });
    for (let k = 0; k < 80; k++) {
      depth.set(k % 6 < 3 ? 20 : 0);
      await t.step();
    }
  }

  const notification = { group_wait: '30s', group_interval: '1m' };

  it('without flap detection, nearly every group_interval carries a change: dozens of notifications', async () => {
    const t = (current = await FakeTimeApp.boot(FLAPPY_RULES, { notification, flapping: { enabled: false } }));
    await flap(t);
    // A firing and a resolution every 90s: 27 notifications in 20 minutes (the clock is fake: the count is exact).
    expect(t.payloads()).toHaveLength(27);
  });

  it('holds a flapping alert in one notification that says it flaps, with its change count', async () => {
    const t = (current = await FakeTimeApp.boot(FLAPPY_RULES, { notification, flapping: { window: '3m' } }));
    await flap(t);
    // Its first firing goes out as usual (30s: it has changed state once). Its second change (45s) makes it flap;
    // the next flush (1m30s) says so — and that is the last notification of the 20 minutes.
    const payloads = t.payloads();
    expect(payloads.map((p) => [p.status, p.alerts.map((a) => (a.flapping ? 'flapping' : a.status))])).toEqual([
      ['firing', ['firing']],
      ['firing', ['flapping']],
    ]);
    expect(payloads[1]!.alerts).toEqual([
      expect.objectContaining({
        status: 'firing',
        labels: { alertname: 'QueueBacklog', severity: 'warning' },
        startsAt: '2026-01-01T12:00:00.000Z',
        // At 1m15s the share has decayed to 0.195, under high_threshold (0.2) but over low_threshold: still flapping.
        flapping: { changes: 2, ratio: 0.195, evaluations: 12, since: '2026-01-01T12:00:45.000Z' },
      }),
    ]);
    const [alert] = t.app.get(AlertsService).active();
    expect(alert!.suppression).toEqual({
      suppressed: true,
      reasons: ['flapping'],
      flapping: { changes: 4, ratio: 0.355, evaluations: 12, since: new Date('2026-01-01T12:00:45.000Z') },
    });
    // 26 state changes after the first one were held back instead of notified.
    expect(await suppressedLines(t.app)).toContain('app_alerts_suppressed_total{reason="flapping"} 26');
  });
});

describe('inhibit rules', () => {
  it('keep a target from the channels while its source fires, and let it through once the source resolves', async () => {
    const t = (current = await FakeTimeApp.boot(
      `rules:
  - name: ProviderDown
    condition: min by (provider) (app_provider_healthy)
    threshold: 1
    operator: '<'
    severity: critical
  - name: SlowChat
    condition: max by (provider) (app_chat_seconds)
    threshold: 2
`,
      {
        notification: { group_wait: '30s', group_interval: '1m' },
        inhibit_rules: [{ source_matchers: ['alertname="ProviderDown"'], target_matchers: ['severity="warning"'], equal: ['provider'] }],
      },
    ));
    const health = t.metrics.gauge({ name: 'provider_healthy', help: 'Provider health.', labelNames: ['provider'] });
    const seconds = t.metrics.gauge({ name: 'chat_seconds', help: 'Chat latency.', labelNames: ['provider'] });
    seconds.set({ provider: 'openai' }, 6);
    for (let k = 0; k < 4; k++) {
      health.set({ provider: 'openai' }, 0);
      await t.step();
    }
    expect(t.payloads().map((p) => p.alerts.map((a) => `${a.labels['alertname']}:${a.status}`))).toEqual([['ProviderDown:firing']]);
    const active = await request(t.app.getHttpServer()).get('/alerts').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const [source, target] = active.body.alerts as Array<{ fingerprint: string; labels: Record<string, string>; suppression: unknown }>;
    expect(target!.labels['alertname']).toBe('SlowChat');
    expect(target!.suppression).toEqual({ suppressed: true, reasons: ['inhibited'], inhibitedBy: [source!.fingerprint] });

    for (let k = 0; k < 4; k++) {
      health.set({ provider: 'openai' }, 1);
      await t.step();
    }
    expect(t.payloads().map((p) => p.alerts.map((a) => `${a.labels['alertname']}:${a.status}`))).toEqual([
      ['ProviderDown:firing'],
      ['ProviderDown:resolved'],
      ['SlowChat:firing'],
    ]);
    expect(t.app.get(AlertsService).active()[0]!.suppression).toEqual({ suppressed: false, reasons: [] });
    expect(await suppressedLines(t.app)).toContain('app_alerts_suppressed_total{reason="inhibited"} 1');
  });
});

describe('notification rate limits', () => {
  it('hold back what exceeds the channel budget and count every notification held', async () => {
    const t = (current = await FakeTimeApp.boot(
      `rules:
  - { name: QueueA, condition: app_queue_a, threshold: 0 }
  - { name: QueueB, condition: app_queue_b, threshold: 0 }
  - { name: QueueC, condition: app_queue_c, threshold: 0 }
`,
      { notification: { group_wait: '0s', group_interval: '1m' }, rate_limit: { max_notifications: 2, window: '1h' } },
    ));
    for (const name of ['queue_a', 'queue_b', 'queue_c']) t.metrics.gauge({ name, help: 'Jobs waiting.' }).set(3);
    for (let k = 0; k < 12; k++) await t.step();
    // Two notifications this hour; QueueC is held at its first flush and at each of the 3 group_interval flushes since.
    expect(t.payloads().map((p) => p.groupLabels['alertname'])).toEqual(['QueueA', 'QueueB']);
    const queueC = t.app
      .get(AlertsService)
      .active()
      .find((a) => a.labels['alertname'] === 'QueueC');
    expect(queueC!.suppression).toEqual({ suppressed: true, reasons: ['rate_limited'] });
    expect(await suppressedLines(t.app)).toEqual([
      'app_alerts_suppressed_total{reason="silenced"} 0',
      'app_alerts_suppressed_total{reason="inhibited"} 0',
      'app_alerts_suppressed_total{reason="flapping"} 0',
      'app_alerts_suppressed_total{reason="rate_limited"} 4',
      'app_alerts_suppressed_total{reason="correlated"} 0',
    ]);
  });
});

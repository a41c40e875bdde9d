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
    await vi.advanceTimersByTimeAsync(STEP);
    await this.idle();
  }

  async close(): Promise<void> {
    vi.useRealTimers();
    await this.app.close();
    await this.receiver.stop();
  }

  private async idle(): Promise<void> {
    const deadline = performance.now() + 10_000;
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

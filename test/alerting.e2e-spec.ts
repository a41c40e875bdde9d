import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertingModule, AlertRulesError, AlertsService, MetricsModule, MetricsService, ObservabilityModule } from 'nestjs-observability';
import { bootLoggingApp } from './helpers/logging-app.js';
import { bootMetricsApp, sampleLines, scrape, type Platform } from './helpers/metrics-app.js';

const TOKEN = 'alerts-test-token';

function rulesFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'alert-rules-')), 'alert_rules.yaml');
  writeFileSync(path, text);
  return path;
}

const QUEUE_RULES = `rules:
  - name: QueueBacklog
    condition: sum by (queue) (shop_queue_depth)
    threshold: 5
    duration: 1m
    severity: page
    labels: { team: ops }
    description: 'queue {{ $labels.queue }} holds {{ $value }} jobs'
`;

describe.each<Platform>(['express', 'fastify'])('AlertingModule with MetricsModule (%s)', (platform) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('evaluates on an injected clock: pending, firing after `for`, resolved; GET /alerts behind the token', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    app = await bootMetricsApp(
      [
        MetricsModule.forRoot({ metrics: { namespace: 'shop', default_metrics: false } }),
        AlertingModule.forRoot({
          alerts: { rules_file: rulesFile(QUEUE_RULES), evaluation_interval: '15s' },
          management: { token: TOKEN },
          clock: () => now,
        }),
      ],
      platform,
    );
    const depth = app.get(MetricsService).gauge({ name: 'queue_depth', help: 'Jobs waiting.', labelNames: ['queue'] });
    const alerts = app.get(AlertsService);
    const http = request(app.getHttpServer());
    await http.get('/alerts').expect(401);
    await http.get('/alerts').set('Authorization', 'Bearer wrong').expect(401);
    expect((await http.get('/alerts').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body).toEqual({ evaluatedAt: null, alerts: [] });

    depth.set({ queue: 'mail' }, 12);
    depth.set({ queue: 'sms' }, 1);
    await alerts.evaluate();
    expect(alerts.active().map((a) => a.state)).toEqual(['pending']);
    now += 60_000;
    depth.set({ queue: 'mail' }, 20);
    await alerts.evaluate();
    const body = (await http.get('/alerts').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body as Record<string, unknown>;
    expect(body).toEqual({
      evaluatedAt: '2026-01-01T00:01:00.000Z',
      alerts: [
        {
          fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
          labels: { alertname: 'QueueBacklog', severity: 'page', queue: 'mail', team: 'ops' },
          annotations: { description: 'queue mail holds 20 jobs' },
          state: 'firing',
          activeAt: '2026-01-01T00:00:00.000Z',
          firedAt: '2026-01-01T00:01:00.000Z',
          evidence: {
            value: 20,
            threshold: 5,
            operator: '>',
            trend: [
              [now - 60_000, 12],
              [now, 20],
            ],
            traceIds: [],
          },
          suppression: { suppressed: false, reasons: [] },
        },
      ],
    });
    const firing = sampleLines(await scrape(app)).filter(
      (l) => l.startsWith('shop_alerts{') || l.startsWith('shop_alert_evaluation_duration_seconds_count'),
    );
    expect(firing).toEqual([
      'shop_alerts{state="pending"} 0',
      'shop_alerts{state="firing"} 1',
      'shop_alert_evaluation_duration_seconds_count 2',
    ]);

    now += 15_000;
    depth.set({ queue: 'mail' }, 0);
    await alerts.evaluate();
    expect(alerts.active()).toEqual([]);
  });

  it('fails startup naming the file, line, rule and position of a bad condition', async () => {
    const file = rulesFile('rules:\n  - name: Typo\n    condition: sum(rat(x[5m]))\n    threshold: 1\n');
    const boot = bootMetricsApp(
      [MetricsModule.forRoot({ metrics: { default_metrics: false } }), AlertingModule.forRoot({ alerts: { rules_file: file } })],
      platform,
    );
    await expect(boot).rejects.toThrow(AlertRulesError);
    await expect(boot).rejects.toThrow(`${file}:3 rule "Typo" condition: unknown function "rat" at position 5 of "sum(rat(x[5m]))"`);
  });
});

describe('AlertingModule in ObservabilityModule', () => {
  it('notifies through the log channel as Alertmanager groups, firing then resolved, without credentials quoted in annotations', async () => {
    const file = rulesFile(`rules:
  - name: Backlog
    condition: app_queue_depth
    threshold: 0
    description: 'see https://ops:hunter2@runbooks.example/queue ({{ $value }})'
`);
    const { app, logs } = await bootLoggingApp((capture) => [
      ObservabilityModule.forRoot(
        {
          metrics: { namespace: 'app', default_metrics: false },
          alerts: { rules_file: file, notification: { group_wait: '0s', group_interval: '1s' } },
        },
        { logDestination: capture },
      ),
    ]);
    try {
      const gauge = app.get(MetricsService).gauge({ name: 'queue_depth', help: 'Jobs waiting.' });
      gauge.set(3);
      await app.get(AlertsService).evaluate();
      // group_wait 0s: the firing notification at once; the resolution at the group's next flush (group_interval).
      // An alert that resolved before its group's first flush was never notified, so nothing would be resolved.
      await logs.waitFor((lines) => lines.some((l) => l['msg'] === '[FIRING:1] Backlog'), 10_000);
      gauge.set(0);
      await app.get(AlertsService).evaluate();
      await logs.waitFor((lines) => lines.some((l) => l['msg'] === '[RESOLVED] Backlog'), 10_000);
      const [fired] = logs.withMsg('[FIRING:1] Backlog');
      expect(fired).toMatchObject({
        level: 'warn',
        context: 'Alerting',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'Backlog', severity: 'warning' },
            annotations: { description: 'see https://[REDACTED]@runbooks.example/queue (3)' },
            value: 3,
            threshold: 0,
            trace_ids: [],
          },
        ],
      });
      expect(JSON.stringify(logs.lines)).not.toContain('hunter2');
      expect(logs.withMsg('[RESOLVED] Backlog')[0]).toMatchObject({
        level: 'info',
        status: 'resolved',
        alerts: [{ status: 'resolved', labels: { alertname: 'Backlog' }, ends_at: expect.any(String) }],
      });
    } finally {
      await app.close();
    }
  });

  it("registers the evaluation in the app's SchedulerRegistry when the app imports ScheduleModule, and removes it at shutdown", async () => {
    const file = rulesFile('rules:\n  - { name: Up, condition: up, threshold: 0 }\n');
    const moduleRef = await Test.createTestingModule({
      imports: [ScheduleModule.forRoot(), ObservabilityModule.forRoot({ alerts: { rules_file: file, evaluation_interval: '1m' } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const registry = app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toContain('observability:alert-evaluation');
    await app.close();
    expect(registry.getIntervals()).toEqual([]);
  });

  it('silences set through POST /alerts/silences keep matching alerts from the channels, not from evaluation', async () => {
    const file = rulesFile(`rules:
  - name: Backlog
    condition: app_queue_depth
    threshold: 0
  - name: Stalled
    condition: app_queue_depth
    threshold: 1
`);
    const { app, logs } = await bootLoggingApp((capture) => [
      ObservabilityModule.forRoot(
        {
          metrics: { namespace: 'app', default_metrics: false },
          alerts: { rules_file: file, notification: { group_wait: '0s' } },
          management: { token: 'alerts-test-token-0123456789' },
        },
        { logDestination: capture },
      ),
    ]);
    try {
      const http = request(app.getHttpServer());
      const auth = { Authorization: 'Bearer alerts-test-token-0123456789' };
      await http
        .post('/alerts/silences')
        .send({ matchers: ['alertname="Backlog"'], endsAt: '2099-01-01T00:00:00Z' })
        .expect(401);
      const created = await http
        .post('/alerts/silences')
        .set(auth)
        .send({ matchers: ['alertname="Backlog"'], endsAt: '2099-01-01T00:00:00Z', createdBy: 'test', comment: 'maintenance' })
        .expect(200);
      expect(created.body).toEqual({ silenceID: expect.any(String) });
      app.get(MetricsService).gauge({ name: 'queue_depth', help: 'Jobs waiting.' }).set(5);
      await app.get(AlertsService).evaluate();
      expect(
        app
          .get(AlertsService)
          .active()
          .map((a) => a.labels['alertname']),
      ).toEqual(['Backlog', 'Stalled']);
      // The unsilenced alert's notification is the signal that the silenced one had its chance to go out too.
      await logs.waitFor((lines) => lines.some((l) => l['msg'] === '[FIRING:1] Stalled'), 10_000);
      expect(logs.lines.filter((l) => String(l['msg']).includes('Backlog'))).toEqual([]);
      const listed = await http.get('/alerts/silences').set(auth).expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ id: created.body.silenceID, status: { state: 'active' } })]);
    } finally {
      await app.close();
    }
  });
});

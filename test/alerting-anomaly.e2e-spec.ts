import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertsService, MetricsService, ObservabilityModule } from 'nestjs-observability';
import { AnomalyStateService } from '../libs/observability/src/alerting/anomaly-state/anomaly-state.service.js';
import { bootLoggingApp } from './helpers/logging-app.js';

const TOKEN = 'anomaly-test-token-0123456789';
const STEP = 15_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

/** Deterministic pseudo-random integers in [lo, hi] (an LCG): the same traffic every run. */
function counts(seed: number, lo: number, hi: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
    return lo + (s % (hi - lo + 1));
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'anomaly-'));
}

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each(['express', 'fastify'])('type: anomaly rules in a Nest app (%s)', (platform) => {
  it('learns the request rate of an endpoint and shows the alert, expected against observed, in GET /alerts after a shift', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'alert_rules.yaml'),
      `rules:
  - name: ProbeTrafficAnomaly
    type: anomaly
    condition: sum by (endpoint) (increase(app_requests_total{endpoint="/probe/context/:id"}[1m]))
    sensitivity: 0.8
    warmup: 5m
    severity: page
    description: '{{ $labels.endpoint }}: {{ $observed }} requests a minute, expected {{ $expected }}'
`,
    );
    let now = T0;
    const booted = await bootLoggingApp(
      (capture) => [
        ObservabilityModule.forRoot(
          {
            metrics: { namespace: 'app', default_metrics: false },
            alerts: {
              rules_file: join(dir, 'alert_rules.yaml'),
              anomaly: { state_file: join(dir, 'anomaly-state.json') },
              notification: { group_wait: '0s' },
            },
            management: { token: TOKEN },
          },
          { logDestination: capture, alertingClock: () => now },
        ),
      ],
      { fastify: platform === 'fastify' },
    );
    app = booted.app;
    const http = request(app.getHttpServer());
    const alerts = app.get(AlertsService);
    const traffic = counts(7, 2, 5);
    const tick = async (requests: number) => {
      for (let r = 0; r < requests; r++) await http.get(`/probe/context/${r}`).expect(200);
      await alerts.evaluate();
      now += STEP;
    };
    for (let i = 0; i < 45; i++) await tick(traffic());
    expect(alerts.active()).toEqual([]);
    await tick(40);
    const body = (await http.get('/alerts').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body as {
      alerts: Array<{
        labels: Record<string, string>;
        annotations: Record<string, string>;
        state: string;
        evidence: Record<string, unknown>;
      }>;
    };
    expect(body.alerts).toHaveLength(1);
    const [alert] = body.alerts;
    expect(alert).toMatchObject({
      labels: { alertname: 'ProbeTrafficAnomaly', severity: 'page', endpoint: '/probe/context/:id' },
      state: 'firing',
      evidence: { threshold: 0.8, operator: '>', anomaly: { seasonal: false } },
    });
    const anomaly = alert!.evidence['anomaly'] as { observed: number; expected: number; zScore: number };
    expect(anomaly.observed).toBeGreaterThan(40);
    expect(anomaly.expected).toBeGreaterThan(8);
    expect(anomaly.expected).toBeLessThan(25);
    expect(alert!.evidence['value']).toBeGreaterThan(0.8);
    expect(alert!.annotations['description']).toMatch(/^\/probe\/context\/:id: [\d.]+ requests a minute, expected [\d.]+$/);
    // The notification (the log channel here) says what was expected against what was observed.
    await booted.logs.waitFor((lines) => lines.some((l) => l['msg'] === '[FIRING:1] ProbeTrafficAnomaly'));
    const [notified] = booted.logs.withMsg('[FIRING:1] ProbeTrafficAnomaly');
    expect(notified).toMatchObject({ level: 'warn', alerts: [{ status: 'firing', threshold: 0.8, anomaly }] });
    const { comparison } = (notified!['alerts'] as Array<{ comparison: string }>)[0]!;
    expect(comparison).toMatch(/^observed [\d.]+, expected [\d.]+ ± [\d.e-]+ \(score [\d.]+ > 0\.8\)$/);
    await app.close();
    app = undefined;
    const saved = JSON.parse(readFileSync(join(dir, 'anomaly-state.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({
      format: 1,
      rules: [{ name: 'ProbeTrafficAnomaly', series: [{ labels: { endpoint: '/probe/context/:id' } }] }],
    });
  });
});

describe('the anomaly state file', () => {
  const RULES = `rules:
  - name: QueueLatencyAnomaly
    type: anomaly
    condition: app_queue_latency_seconds
    warmup: 10m
`;

  /** Boots an app of `version` over `dir`; `evaluate(value)` sets the gauge and evaluates one step later. */
  async function boot(dir: string, version: string, clock: { now: number }) {
    const { app, logs } = await bootLoggingApp((capture) => [
      ObservabilityModule.forRoot(
        {
          metrics: { namespace: 'app', default_metrics: false },
          tracing: { service_version: version },
          alerts: { rules_file: join(dir, 'alert_rules.yaml'), anomaly: { state_file: join(dir, 'state.json') } },
        },
        { logDestination: capture, alertingClock: () => clock.now },
      ),
    ]);
    const gauge = app.get(MetricsService).gauge({ name: 'queue_latency_seconds', help: 'Time a job waits.' });
    const alerts = app.get(AlertsService);
    const evaluate = async (value: number) => {
      gauge.set(value);
      clock.now += STEP;
      await alerts.evaluate();
      return alerts.active().map((a) => a.state);
    };
    return { app, logs, evaluate };
  }

  function setupDir(): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'alert_rules.yaml'), RULES);
    return dir;
  }

  const noisy = counts(3, 95, 105);

  async function learn(dir: string, clock: { now: number }): Promise<void> {
    const first = await boot(dir, '1.0.0', clock);
    app = first.app;
    for (let i = 0; i < 60; i++) expect(await first.evaluate(noisy() / 100)).toEqual([]);
    await first.app.close();
    app = undefined;
  }

  it('carries the baselines over a restart of the same version: a spike right after it fires', async () => {
    const dir = setupDir();
    const clock = { now: T0 };
    await learn(dir, clock);
    const saved = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ format: 1, serviceVersion: '1.0.0', savedAt: clock.now, rules: [{ name: 'QueueLatencyAnomaly' }] });

    const second = await boot(dir, '1.0.0', clock);
    app = second.app;
    expect(second.logs.withMsg('anomaly baselines restored from the state file')).toEqual([
      expect.objectContaining({ level: 'info', file: join(dir, 'state.json'), series: 1, dropped_rules: [] }),
    ]);
    expect(await second.evaluate(1)).toEqual([]);
    expect(await second.evaluate(5)).toEqual(['firing']);
  });

  it('starts afresh after a deploy (another service.version), saying so once; the same spike then waits for the warm-up', async () => {
    const dir = setupDir();
    const clock = { now: T0 };
    await learn(dir, clock);
    const deployed = await boot(dir, '1.1.0', clock);
    app = deployed.app;
    expect(deployed.logs.lines.filter((l) => typeof l['msg'] === 'string' && l['msg'].includes('anomaly')).map((l) => l['msg'])).toEqual([
      'service.version changed since the anomaly baselines were saved (a deploy): they start afresh and warm up again',
    ]);
    const [line] = deployed.logs.lines.filter((l) => String(l['msg']).startsWith('service.version changed'));
    expect(line).toMatchObject({ level: 'info', saved_version: '1.0.0', service_version: '1.1.0' });
    expect(await deployed.evaluate(1)).toEqual([]);
    expect(await deployed.evaluate(5)).toEqual([]);
  });

  it('a corrupt state file is one warning and a fresh start, and is replaced by a good one at shutdown', async () => {
    const dir = setupDir();
    writeFileSync(join(dir, 'state.json'), '{"format": 1, "rules": [');
    const clock = { now: T0 };
    const started = await boot(dir, '1.0.0', clock);
    app = started.app;
    expect(started.logs.lines.filter((l) => String(l['msg']).includes('anomaly'))).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'anomaly state file cannot be used; the anomaly baselines start afresh and warm up again',
        reason: expect.stringMatching(/^not JSON/),
      }),
    ]);
    expect(await started.evaluate(1)).toEqual([]);
    await started.app.close();
    app = undefined;
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ format: 1, serviceVersion: '1.0.0' });
  });

  it('a state file that cannot be written is one warning while it fails, and one line when it is written again', async () => {
    const dir = setupDir();
    // A directory (not empty) where the file should be: the rename onto it fails.
    mkdirSync(join(dir, 'state.json', 'in-the-way'), { recursive: true });
    const clock = { now: T0 };
    const started = await boot(dir, '1.0.0', clock);
    app = started.app;
    await started.evaluate(1);
    const state = app.get(AnomalyStateService);
    state.save();
    state.save();
    const failed =
      'anomaly state file cannot be written; the baselines stay in memory and writing is retried every alerts.anomaly.save_interval';
    expect(started.logs.withMsg(failed)).toEqual([
      expect.objectContaining({ level: 'warn', file: join(dir, 'state.json'), error: expect.any(String) }),
    ]);
    rmSync(join(dir, 'state.json'), { recursive: true });
    state.save();
    state.save();
    expect(started.logs.withMsg('anomaly state file written again')).toEqual([
      expect.objectContaining({ level: 'info', file: join(dir, 'state.json') }),
    ]);
    expect(started.logs.withMsg(failed)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({
      format: 1,
      rules: [{ name: 'QueueLatencyAnomaly' }],
    });
  });
});

import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertsService, MetricsService } from 'nestjs-observability';
import { bootAssistant } from './helpers/assistant.js';
import type { LogCapture } from './helpers/log-capture.js';

const TOKEN = 'demo-management-token';
const STEP = 15_000;

/** The demo under its fault header, evaluated on a clock the test steps (15s, the demo's evaluation_interval). */
describe("the Assistant's alert rules", () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function requestsCounted(metrics: MetricsService): Promise<number> {
    const family = await metrics.get('requests_total')?.get();
    return (family?.values ?? []).reduce((sum, v) => sum + v.value, 0);
  }

  async function boot(): Promise<{ app: INestApplication; logs: LogCapture; step: (requests: () => Promise<number>) => Promise<void> }> {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const booted = await bootAssistant({ OBSERVABILITY_TOKEN: TOKEN }, {}, { alertingClock: () => now });
    const alerts = booted.app.get(AlertsService);
    const metrics = booted.app.get(MetricsService);
    let sent = 0;
    const step = async (requests: () => Promise<number>) => {
      sent += await requests();
      // Request metrics are recorded when the response closes, just after the client has it: wait for them.
      const deadline = Date.now() + 5_000;
      while ((await requestsCounted(metrics)) < sent) {
        if (Date.now() > deadline) throw new Error(`only ${await requestsCounted(metrics)} of ${sent} requests counted`);
        await new Promise((r) => setTimeout(r, 5));
      }
      now += STEP;
      await alerts.evaluate();
    };
    return { ...booted, step };
  }

  const firing = (a: INestApplication) =>
    a
      .get(AlertsService)
      .active()
      .filter((x) => x.state === 'firing')
      .map((x) => `${x.labels['alertname']}{${x.labels['provider'] ?? x.labels['endpoint']}}`);

  it('LlmProviderUnhealthy fires a minute after X-Simulate: error breaks the provider, and resolves once it answers', async () => {
    const booted = await boot();
    app = booted.app;
    const http = request(app.getHttpServer());
    const chat = (simulate?: string) => {
      const req = http.post('/api/chat').send({ message: 'hello there' });
      return (simulate ? req.set('X-Simulate', simulate) : req).then(() => 1);
    };
    await booted.step(() => chat());
    expect(app.get(AlertsService).active()).toEqual([]);

    const states: string[][] = [];
    for (let i = 0; i < 6; i++) {
      await booted.step(() => chat('error'));
      states.push(firing(app));
    }
    // Pending from the first evaluation after the failure; `duration: 1m` is four 15s evaluations later.
    expect(states).toEqual([[], [], [], [], ['LlmProviderUnhealthy{simulated}'], ['LlmProviderUnhealthy{simulated}']]);
    const listed = await http.get('/alerts').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect((listed.body as { alerts: unknown[] }).alerts).toContainEqual(
      expect.objectContaining({
        labels: { alertname: 'LlmProviderUnhealthy', severity: 'critical', provider: 'simulated', team: 'assistant' },
        annotations: { description: 'the last call to LLM provider simulated failed' },
        state: 'firing',
        evidence: expect.objectContaining({ value: 0, threshold: 1, operator: '<' }),
      }),
    );

    // Healthy again; keep_firing_for: 30s holds the alert two more evaluations, then it resolves.
    const after: string[][] = [];
    for (let i = 0; i < 3; i++) {
      await booted.step(() => chat());
      after.push(firing(app).filter((a) => a.startsWith('LlmProvider')));
    }
    expect(after).toEqual([['LlmProviderUnhealthy{simulated}'], ['LlmProviderUnhealthy{simulated}'], []]);
  });

  it('HighErrorRate fires after 2m of 5xx answers under X-Simulate: error and resolves when they stop', async () => {
    const booted = await boot();
    app = booted.app;
    const http = request(app.getHttpServer());
    const mixed = async () => {
      await http.post('/api/chat').send({ message: 'ok' });
      await http.post('/api/chat').set('X-Simulate', 'error').send({ message: 'fail' });
      return 2;
    };
    const healthy = async () => {
      await http.post('/api/chat').send({ message: 'ok' });
      await http.post('/api/chat').send({ message: 'ok' });
      return 2;
    };
    await booted.step(healthy);
    const during: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      await booted.step(mixed);
      during.push(firing(app).includes('HighErrorRate{/api/chat}'));
    }
    // The ratio is above 5% from the second step with errors; it fires 2m (eight steps) later.
    // The 5xx series exists from the first step with errors; the ratio has two samples (pending) at the second, and
    // `duration: 2m` is eight evaluations later.
    expect(during.indexOf(true)).toBe(9);
    expect(during.slice(9)).toEqual([true, true, true]);
    const after: boolean[] = [];
    for (let i = 0; i < 24; i++) {
      await booted.step(healthy);
      after.push(firing(app).includes('HighErrorRate{/api/chat}'));
    }
    // The 5m window still holds errors for a while, then the alert resolves and stays resolved.
    // The 5m window holds errors until the 17th healthy step; the alert then resolves and stays resolved.
    expect(after.indexOf(false)).toBe(17);
    expect(after.slice(17).every((f) => !f)).toBe(true);
  });
});

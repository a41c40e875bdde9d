import { createServer } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateObservabilityConfig } from '../config/index.js';
import { AlertNotifications } from './alert-notifications.js';
import type { Alert } from './interfaces/alert.interface.js';

describe('AlertNotifications', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('sends no secret from labels or annotations to any channel', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as { port: number };
    const { alerts } = validateObservabilityConfig({
      alerts: { notification: { log: { enabled: false }, group_wait: '0s', webhooks: [{ url: `http://127.0.0.1:${port}/hook` }] } },
    });
    const notifications = new AlertNotifications(alerts);
    closers.push(() => notifications.onApplicationShutdown());
    const now = new Date();
    const alert: Alert = {
      fingerprint: 'f1',
      labels: { alertname: 'ProviderDown', severity: 'critical', api_key: 'NOTIFY-SECRET-1' },
      annotations: { description: 'runbook: https://ops:NOTIFY-SECRET-2@wiki.example/provider?token=NOTIFY-SECRET-3' },
      state: 'firing',
      activeAt: now,
      firedAt: now,
      evidence: { value: 1, threshold: 0, operator: '>', trend: [], traceIds: [] },
    };
    notifications.send([alert], now);
    await vi.waitFor(() => expect(bodies.length).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    const payload = JSON.parse(bodies[0]!) as { alerts: { labels: Record<string, string>; annotations: Record<string, string> }[] };
    expect(payload.alerts[0]!.labels).toEqual({ alertname: 'ProviderDown', severity: 'critical', api_key: '[REDACTED]' });
    expect(payload.alerts[0]!.annotations['description']).toBe('runbook: https://[REDACTED]@wiki.example/provider?token=[REDACTED]');
    expect(bodies.join('')).not.toMatch(/NOTIFY-SECRET/);
  });
});

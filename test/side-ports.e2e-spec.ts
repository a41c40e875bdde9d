import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ObservabilityModule } from 'nestjs-observability';
import { afterEach, describe, expect, it } from 'vitest';
import { bootApp, type Platform } from './helpers/bootstrap.js';
import { LogCapture } from './helpers/log-capture.js';
import { onFreePort } from './helpers/ports.js';

interface Reply {
  status: number;
  body: string;
}

function get(host: string, port: number, path: string, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path, agent: agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each<Platform>(['express', 'fastify'])('side listeners (metrics.port, health.port) on %s', (platform) => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** Boots with metrics and health each on their own port, bound to `host`. */
  async function boot(host: string): Promise<{ metricsPort: number; healthPort: number }> {
    let metricsPort = 0;
    let healthPort = 0;
    app = await onFreePort((m) =>
      onFreePort((h) => {
        metricsPort = m;
        healthPort = h;
        return bootApp({
          platform,
          imports: [
            ObservabilityModule.forRoot(
              { metrics: { port: m, host }, health: { port: h, host, checks: { memory: { enabled: false }, disk: { enabled: false } } } },
              { logDestination: new LogCapture() },
            ),
          ],
        });
      }),
    );
    return { metricsPort, healthPort };
  }

  it('both listeners bind the configured host and no other', async () => {
    const { metricsPort, healthPort } = await boot('127.0.0.2');
    const metrics = await get('127.0.0.2', metricsPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE app_requests_total counter');
    expect(await get('127.0.0.2', healthPort, '/health/live')).toEqual({ status: 200, body: '{"status":"ok"}' });
    await expect(get('127.0.0.1', metricsPort, '/metrics')).rejects.toThrow(/ECONNREFUSED/);
    await expect(get('127.0.0.1', healthPort, '/health/live')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a client holding keep-alive connections to both does not hold up shutdown, and is disconnected', async () => {
    const { metricsPort, healthPort } = await boot('127.0.0.1');
    const agent = new Agent({ keepAlive: true });
    const closed: Promise<void>[] = [];
    agent.on('free', (socket: Socket) => closed.push(new Promise((resolve) => socket.once('close', () => resolve()))));
    expect((await get('127.0.0.1', metricsPort, '/metrics', agent)).status).toBe(200);
    expect((await get('127.0.0.1', healthPort, '/health/live', agent)).status).toBe(200);
    expect(closed).toHaveLength(2);
    await app!.close();
    app = undefined;
    await Promise.all(closed);
    agent.destroy();
    await expect(get('127.0.0.1', metricsPort, '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });
});

import { Agent, createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ObservabilityModule } from 'nestjs-observability';
import { afterEach, describe, expect, it } from 'vitest';
import { bootApp, type Platform } from './helpers/bootstrap.js';
import { LogCapture } from './helpers/log-capture.js';
import { listenOnFreePort, onFreePort } from './helpers/ports.js';

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

  /** Boots with metrics on `metricsPort` and health on `healthPort`, both bound to `host`. */
  async function bootOn(host: string, metricsPort: number, healthPort: number): Promise<INestApplication> {
    return bootApp({
      platform,
      imports: [
        ObservabilityModule.forRoot(
          {
            metrics: { port: metricsPort, host },
            health: { port: healthPort, host, checks: { memory: { enabled: false }, disk: { enabled: false } } },
          },
          { logDestination: new LogCapture() },
        ),
      ],
    });
  }

  /** Boots with metrics and health each on their own port, bound to `host`. */
  async function boot(host: string): Promise<{ metricsPort: number; healthPort: number }> {
    let metricsPort = 0;
    let healthPort = 0;
    app = await onFreePort((m) =>
      onFreePort((h) => {
        metricsPort = m;
        healthPort = h;
        return bootOn(host, m, h);
      }),
    );
    return { metricsPort, healthPort };
  }

  /** Servers answering "held", one per port the kernel picks on 127.0.0.1; closed after the test. */
  const held: HttpServer[] = [];
  afterEach(async () => {
    await Promise.all(held.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });
  async function holdPort(): Promise<number> {
    const server = createHttpServer((_req, res) => res.end('held'));
    held.push(server);
    return listenOnFreePort(server);
  }

  /** Boots as boot() does on `host`, with ports that the test holds on 127.0.0.1. */
  async function bootBesideHeld(host: string): Promise<{ metricsPort: number; healthPort: number }> {
    const metricsPort = await holdPort();
    const healthPort = await holdPort();
    app = await bootOn(host, metricsPort, healthPort);
    return { metricsPort, healthPort };
  }

  it('both listeners bind the configured host and no other', async () => {
    // The two ports are taken on 127.0.0.1 first, by servers of the test's own that answer "held": a listener that
    // bound more than 127.0.0.2 (every interface) could not start (EADDRINUSE), and one that bound 127.0.0.2 alone
    // leaves 127.0.0.1's connections to them. (Expecting ECONNREFUSED on 127.0.0.1 instead failed when a server of
    // another test file, running at the same time, happened to listen on 127.0.0.1 on the same port number.)
    const { metricsPort, healthPort } = await bootBesideHeld('127.0.0.2');
    const metrics = await get('127.0.0.2', metricsPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE app_requests_total counter');
    expect(await get('127.0.0.2', healthPort, '/health/live')).toEqual({ status: 200, body: '{"status":"ok"}' });
    expect(await get('127.0.0.1', metricsPort, '/metrics')).toEqual({ status: 200, body: 'held' });
    expect(await get('127.0.0.1', healthPort, '/health/live')).toEqual({ status: 200, body: 'held' });
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

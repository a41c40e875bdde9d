import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { HealthCheck as TerminusHealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import {
  AIMetrics,
  DatabaseIndicator,
  DiskSpaceIndicator,
  MemoryUsageIndicator,
  MetricsModule,
  RegisterHealthCheck,
  type HealthCheck,
  type Pingable,
  type PgPoolLike,
} from 'nestjs-observability';
import pg from 'pg';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { AUTH, bootHealthApp, waitForRunning, type HealthAppOptions } from './helpers/health-app.js';
import { listenOnFreePort, refusedPort } from './helpers/ports.js';

@Injectable()
@RegisterHealthCheck()
class DatabaseCheck implements HealthCheck {
  readonly name = 'database';
  target: PgPoolLike | Pingable = { ping: () => undefined };

  constructor(private readonly db: DatabaseIndicator) {}

  check(signal: AbortSignal) {
    return this.db.pingCheck('database', this.target, { signal });
  }
}

/** The indicators in an app's own Terminus controller, as Terminus users write them. */
@Controller('own-health')
class OwnHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryUsageIndicator,
    private readonly disk: DiskSpaceIndicator,
    private readonly db: DatabaseIndicator,
  ) {}

  @Get()
  @TerminusHealthCheck()
  check() {
    return this.health.check([
      () => this.memory.check('heap', { maxHeapUsedBytes: 1 }),
      () => this.disk.check('tmp', { path: tmpdir(), maxUsedPercent: 100 }),
      () => this.db.pingCheck('cache', { ping: () => Promise.resolve() }, { timeoutMs: 1_000 }),
    ]);
  }
}

describe('health indicators, each up and down', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function detailsOf(options: HealthAppOptions, expected: 200 | 503): Promise<Record<string, Record<string, unknown>>> {
    app = await bootHealthApp(options);
    await waitForRunning(app);
    const res = await request(app.getHttpServer()).get('/health?fresh=1').set(AUTH);
    expect(res.status, JSON.stringify(res.body)).toBe(expected);
    return res.body.details;
  }

  it('memory: up under the thresholds, down above the heap or the RSS threshold, with the figures', async () => {
    const up = await detailsOf({ health: { checks: { memory: { enabled: true } } } }, 200);
    expect(up['memory']).toMatchObject({
      status: 'up',
      heap_used_mb: expect.any(Number),
      rss_mb: expect.any(Number),
      max_heap_used_mb: expect.any(Number),
    });
    await app!.close();
    const heap = await detailsOf({ health: { checks: { memory: { enabled: true, max_heap_used_mb: 1 } } } }, 503);
    expect(heap['memory']?.['message']).toMatch(/^heap used [\d.]+ MiB exceeds 1 MiB$/);
    await app!.close();
    const rss = await detailsOf({ health: { checks: { memory: { enabled: true, max_rss_mb: 1 } } } }, 503);
    expect(rss['memory']).toMatchObject({
      status: 'down',
      max_rss_mb: 1,
      message: expect.stringMatching(/^rss [\d.]+ MiB exceeds 1 MiB$/),
    });
  });

  it('disk: up below max_used_percent, down above it and for a path that does not exist', async () => {
    const up = await detailsOf({ health: { checks: { disk: { enabled: true, path: tmpdir(), max_used_percent: 100 } } } }, 200);
    expect(up['disk']).toMatchObject({
      status: 'up',
      path: tmpdir(),
      max_used_percent: 100,
      used_percent: expect.any(Number),
      free_gb: expect.any(Number),
    });
    await app!.close();
    const full = await detailsOf({ health: { checks: { disk: { enabled: true, path: tmpdir(), max_used_percent: 1 } } } }, 503);
    expect(full['disk']?.['message']).toMatch(/^disk [\d.]+% used, above 1%$/);
    await app!.close();
    const missing = await detailsOf({ health: { checks: { disk: { enabled: true, path: '/no/such/dir', max_used_percent: 99 } } } }, 503);
    expect(missing['disk']).toEqual({
      status: 'down',
      path: '/no/such/dir',
      message: "ENOENT: no such file or directory, statfs '/no/such/dir'",
    });
  });

  it('event loop: up when idle, down when the p99 delay over the window exceeds max_p99', async () => {
    const up = await detailsOf({ health: { checks: { event_loop: { enabled: true, window: '100ms' } } } }, 200);
    expect(up['event_loop']?.['status']).toBe('up');
    await app!.close();
    app = await bootHealthApp({ health: { checks: { event_loop: { enabled: true, max_p99: '50ms', window: '100ms' } } } });
    await waitForRunning(app);
    const http = request(app.getHttpServer());
    await http.get('/health?fresh=1').set(AUTH);
    await new Promise((r) => setTimeout(r, 20));
    const until = Date.now() + 250;
    while (Date.now() < until); // a synchronous stall, as a CPU-bound request would cause
    await new Promise((r) => setTimeout(r, 30));
    const res = await http.get('/health?fresh=1').set(AUTH).expect(503);
    expect(res.body.error.event_loop).toMatchObject({
      status: 'down',
      max_p99_ms: 50,
      message: expect.stringMatching(/^event-loop delay p99 [\d.]+ms above 50ms$/),
    });
    expect(res.body.error.event_loop.p99_ms).toBeGreaterThan(200);
  });

  it('database: a ping function up and down; a real pg.Pool to a closed port down with the driver error and pool stats', async () => {
    const up = await detailsOf({ providers: [DatabaseCheck] }, 200);
    expect(up['database']).toMatchObject({ status: 'up', response_time_ms: expect.any(Number) });
    const check = app!.get(DatabaseCheck);
    check.target = { ping: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')) };
    let res = await request(app!.getHttpServer()).get('/health?fresh=1').set(AUTH).expect(503);
    expect(res.body.error.database).toEqual({ status: 'down', message: 'SQLITE_BUSY: database is locked' });

    const { port, close } = await refusedPort();
    const pool = new pg.Pool({ connectionString: `postgres://app:pool-secret@127.0.0.1:${port}/app`, connectionTimeoutMillis: 2_000 });
    try {
      check.target = pool;
      res = await request(app!.getHttpServer()).get('/health?fresh=1').set(AUTH).expect(503);
      expect(res.body.error.database).toEqual({
        status: 'down',
        message: `connect ECONNREFUSED 127.0.0.1:${port}`,
        total: 0,
        idle: 0,
        waiting: 0,
      });
      expect(res.text).not.toContain('pool-secret');
    } finally {
      await pool.end();
      await close();
    }
  });

  it("work in the app's own Terminus controller (HealthCheckService), with Terminus' body and status", async () => {
    app = await bootHealthApp({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [OwnHealthController] });
    const res = await request(app.getHttpServer()).get('/own-health').expect(503);
    expect(res.body).toMatchObject({
      status: 'error',
      error: { heap: { status: 'down', message: expect.stringMatching(/^heap used [\d.]+ MiB exceeds 0 MiB$/) } },
      info: { tmp: { status: 'up', path: tmpdir() }, cache: { status: 'up' } },
    });
    expect(Object.keys(res.body.details).sort()).toEqual(['cache', 'heap', 'tmp']);
  });

  describe('http dependency', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const path = req.url?.split('?')[0];
        if (path === '/ok') res.writeHead(200).end('ok');
        else if (path === '/hang') return;
        else if (path === '/auth')
          res.writeHead(req.headers.authorization === `Basic ${Buffer.from('svc:dep-secret').toString('base64')}` ? 200 : 401).end();
        else res.writeHead(503).end('maintenance');
      });
      base = `http://127.0.0.1:${await listenOnFreePort(server)}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('is up on the expected status and down on another, on a refused connection, or past the timeout', async () => {
      const { port: refused, close } = await refusedPort();
      onTestFinished(close);
      const details = await detailsOf(
        {
          health: {
            // Long enough for a loopback answer on a machine with every core busy: only the stuck one reaches it.
            timeout: '2s',
            checks: {
              http: [
                { name: 'payments', url: `${base}/ok?api_key=abc` },
                { name: 'search', url: `${base}/fail` },
                { name: 'teapot', url: `${base}/fail`, expected_status: 503 },
                { name: 'gone', url: `http://127.0.0.1:${refused}/` },
                { name: 'stuck', url: `${base}/hang` },
                { name: 'private', url: `http://svc:dep-secret@${base.slice(7)}/auth` },
              ],
            },
          },
        },
        503,
      );
      expect(details['payments']).toMatchObject({ status: 'up', url: `${base}/ok`, status_code: 200, expected_status: 200 });
      expect(details['search']).toMatchObject({ status: 'down', message: 'expected status 200, got 503', status_code: 503 });
      expect(details['teapot']).toMatchObject({ status: 'up', status_code: 503, expected_status: 503 });
      expect(details['gone']).toEqual({
        status: 'down',
        message: `connect ECONNREFUSED 127.0.0.1:${refused}`,
        url: `http://127.0.0.1:${refused}/`,
        expected_status: 200,
      });
      expect(details['stuck']).toEqual({ status: 'down', message: 'timeout after 2s' });
      expect(details['private']).toMatchObject({ status: 'up', url: `${base}/auth` });
      expect(JSON.stringify(details)).not.toMatch(/dep-secret|api_key/);
    });
  });

  it('llm providers: up while all are healthy, degraded while some are, down when none is', async () => {
    app = await bootHealthApp({
      imports: [MetricsModule.forRoot({ metrics: { default_metrics: false } })],
      health: { checks: { llm: { enabled: true } } },
    });
    await waitForRunning(app);
    const http = request(app.getHttpServer());
    const ai = app.get(AIMetrics);
    expect((await http.get('/health?fresh=1').set(AUTH).expect(200)).body.details.llm_providers).toEqual({
      status: 'up',
      message: 'no provider calls yet',
    });
    ai.updateProviderHealth('openai', true);
    ai.updateProviderHealth('anthropic', true);
    expect((await http.get('/health?fresh=1').set(AUTH).expect(200)).body.details.llm_providers).toEqual({
      status: 'up',
      providers: { openai: { healthy: true, updated_s_ago: 0 }, anthropic: { healthy: true, updated_s_ago: 0 } },
    });
    ai.updateProviderHealth('openai', false);
    expect((await http.get('/health?fresh=1').set(AUTH).expect(200)).body).toMatchObject({
      status: 'degraded',
      info: { llm_providers: { status: 'degraded', message: 'unhealthy: openai' } },
    });
    ai.updateProviderHealth('anthropic', false);
    expect((await http.get('/health?fresh=1').set(AUTH).expect(503)).body.error.llm_providers).toMatchObject({
      status: 'down',
      message: 'unhealthy: openai, anthropic',
    });
  });
});

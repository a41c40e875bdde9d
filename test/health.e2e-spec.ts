import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { HealthModule, HealthService, MetricsModule } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH, bootHealthApp, NO_BUILTINS, waitForRunning, type AdapterKind } from './helpers/health-app.js';
import { concurrentChecks, GatedDependency, QueueHealthCheck, ReportOnlyCheck } from './helpers/health-checks.js';

describe.each<AdapterKind>(['express', 'fastify'])('health endpoints on %s', (adapter) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function boot(options: Parameters<typeof bootHealthApp>[0] = {}): Promise<INestApplication> {
    app = await bootHealthApp({ adapter, providers: [QueueHealthCheck], ...options });
    await waitForRunning(app);
    return app;
  }

  it('answers public probes with the status only, and the Terminus report to the bearer of management.token', async () => {
    const http = request((await boot()).getHttpServer());
    const pub = await http.get('/health').expect(200);
    expect(pub.body).toEqual({ status: 'ok' });
    expect(pub.headers['cache-control']).toBe('no-store');
    expect((await http.get('/health').set('Authorization', 'Bearer wrong-token-0123456789').expect(200)).body).toEqual({ status: 'ok' });
    const full = await http.get('/health').set(AUTH).expect(200);
    expect(full.body).toEqual({ status: 'ok', info: { queue: { status: 'up' } }, error: {}, details: { queue: { status: 'up' } } });
  });

  it('answers 503 with the failing check under error when any check is down, 200 when degraded', async () => {
    const http = request((await boot()).getHttpServer());
    const queue = app!.get(QueueHealthCheck);
    queue.mode = 'down';
    const down = await http.get('/health?fresh=1').set(AUTH).expect(503);
    expect(down.body).toEqual({
      status: 'error',
      info: {},
      error: { queue: { status: 'down', message: 'switched off' } },
      details: { queue: { status: 'down', message: 'switched off' } },
    });
    expect((await http.get('/health').expect(503)).body).toEqual({ status: 'error' });
    expect((await http.get('/health/ready').expect(503)).body).toEqual({ status: 'error' });
    queue.mode = 'degraded';
    const degraded = await http.get('/health/ready?fresh=1').set(AUTH).expect(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', info: { queue: { status: 'degraded' } }, error: {} });
  });

  it('liveness answers 200 without running any check, even when every dependency is down', async () => {
    const http = request((await boot()).getHttpServer());
    const queue = app!.get(QueueHealthCheck);
    queue.mode = 'down';
    const runs = queue.runs;
    expect((await http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const detailed = await http.get('/health/live').set(AUTH).expect(200);
    expect(detailed.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } }, error: {} });
    expect(queue.runs).toBe(runs);
  });

  it('serves probes from the latest results, so probes never reach the dependency; ?fresh=1 reruns for authorised callers only', async () => {
    const http = request((await boot()).getHttpServer());
    const queue = app!.get(QueueHealthCheck);
    const runs = queue.runs;
    for (let i = 0; i < 20; i++) await http.get(i % 2 ? '/health/ready' : '/health').expect(200);
    expect(queue.runs).toBe(runs);
    const refused = await http.get('/health/ready?fresh=1').expect(401);
    expect(refused.body).toEqual({ status: 'error', message: 'fresh=1 requires Authorization: Bearer <management.token>' });
    expect(queue.runs).toBe(runs);
    await http.get('/health/ready?fresh=1').set(AUTH).expect(200);
    expect(queue.runs).toBe(runs + 1);
  });

  it('answers readiness 503 while starting, until the first run after bootstrap has finished', async () => {
    app = await bootHealthApp({ adapter, providers: [GatedDependency] });
    const http = request(app.getHttpServer());
    expect((await http.get('/health/ready').expect(503)).body).toEqual({ status: 'error' });
    const detailed = await http.get('/health/ready').set(AUTH).expect(503);
    expect(detailed.body.error).toEqual({ lifecycle: { status: 'down', state: 'starting' } });
    app.get(GatedDependency).release();
    await waitForRunning(app);
    expect((await http.get('/health/ready').set(AUTH).expect(200)).body).toEqual({
      status: 'ok',
      info: { slow_start: { status: 'up' } },
      error: {},
      details: { slow_start: { status: 'up' } },
    });
  });

  it('answers /health at once while the first run still waits on a dependency: 503, lifecycle starting', async () => {
    app = await bootHealthApp({ adapter, providers: [GatedDependency] });
    const http = request(app.getHttpServer());
    // The gate is closed: an answer at all proves the endpoint did not wait for the check.
    expect((await http.get('/health').expect(503)).body).toEqual({ status: 'error' });
    const detailed = await http.get('/health').set(AUTH).expect(503);
    expect(detailed.body).toEqual({
      status: 'error',
      info: {},
      error: { lifecycle: { status: 'down', state: 'starting' } },
      details: { lifecycle: { status: 'down', state: 'starting' } },
    });
    app.get(GatedDependency).release();
    await waitForRunning(app);
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('reports a check that never resolves as down "timeout after 300ms", answers in time and aborts its signal', async () => {
    const http = request((await boot({ health: { timeout: '300ms' } })).getHttpServer());
    const queue = app!.get(QueueHealthCheck);
    queue.mode = 'hang';
    const started = performance.now();
    const res = await http.get('/health?fresh=1').set(AUTH).expect(503);
    const elapsed = performance.now() - started;
    expect(res.body.error).toEqual({ queue: { status: 'down', message: 'timeout after 300ms' } });
    // Not before the timeout (a timer never fires early); that it answers at all, rather than hanging with the
    // check, is the response itself. How soon after the timeout depends on the machine.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(queue.aborted).toBe(1);
  });

  it('runs the checks in parallel', async () => {
    const http = request((await boot()).getHttpServer());
    const slow = concurrentChecks(4, 50);
    for (const check of slow.checks) app!.get(HealthService).register(check);
    const res = await http.get('/health?fresh=1').set(AUTH).expect(200);
    expect(Object.keys(res.body.details).sort()).toEqual(['queue', 'slow_0', 'slow_1', 'slow_2', 'slow_3']);
    expect(slow.maxConcurrent()).toBe(4);
  });

  it('shows details per health.show_details: never (not even to the token) and always (to everyone)', async () => {
    let http = request((await boot({ health: { show_details: 'never' } })).getHttpServer());
    expect((await http.get('/health').set(AUTH).expect(200)).body).toEqual({ status: 'ok' });
    await app!.close();
    http = request((await boot({ health: { show_details: 'always' }, token: null })).getHttpServer());
    expect((await http.get('/health').expect(200)).body).toMatchObject({ status: 'ok', details: { queue: { status: 'up' } } });
    // Without a token nobody is authorised: fresh runs are refused even when details are public.
    await http.get('/health?fresh=1').expect(401);
  });

  it('never lets a secret reach a response: credentials in messages and secret-named fields are redacted', async () => {
    const http = request((await boot({ health: { show_details: 'always' } })).getHttpServer());
    const queue = app!.get(QueueHealthCheck);
    queue.mode = 'throw';
    let res = await http.get('/health?fresh=1').set(AUTH).expect(503);
    expect(res.body.error.queue).toEqual({
      status: 'down',
      message: 'connect ECONNREFUSED postgres://[REDACTED]@db.internal:5432/app',
    });
    queue.mode = 'up';
    queue.data = {
      password: 'hunter2',
      connectionString: 'postgres://u:pw@h/db',
      host: 'db.internal',
      note: 'dsn password=hunter2 host=x',
    };
    res = await http.get('/health?fresh=1').set(AUTH).expect(200);
    expect(res.body.details.queue).toEqual({
      status: 'up',
      password: '[REDACTED]',
      connectionString: '[REDACTED]',
      host: 'db.internal',
      note: 'dsn password=[REDACTED] host=x',
    });
    expect(res.text).not.toMatch(/hunter2|s3cret|:pw@/);
  });

  it('registers checks found by DI; a check with readiness: false shows in the report without deciding readiness', async () => {
    const http = request((await boot({ providers: [QueueHealthCheck, ReportOnlyCheck] })).getHttpServer());
    app!.get(ReportOnlyCheck).mode = 'down';
    const full = await http.get('/health?fresh=1').set(AUTH).expect(503);
    expect(Object.keys(full.body.details)).toEqual(['queue', 'search_index']);
    expect(full.body.error).toEqual({ search_index: { status: 'down', message: 'switched off' } });
    expect((await http.get('/health/ready').set(AUTH).expect(200)).body).toEqual({
      status: 'ok',
      info: { queue: { status: 'up' } },
      error: {},
      details: { queue: { status: 'up' } },
    });
  });

  it('takes its paths from the configuration, also with forRootAsync', async () => {
    const http = request((await boot({ async: true, health: { path: '/status/' } })).getHttpServer());
    await http.get('/status').expect(200);
    await http.get('/status/live').expect(200);
    expect((await http.get('/status/ready').set(AUTH).expect(200)).body.details).toEqual({ queue: { status: 'up' } });
    await http.get('/health').expect(404);
  });

  it('serves nothing and runs nothing with health.enabled: false', async () => {
    app = await bootHealthApp({ adapter, providers: [QueueHealthCheck], health: { enabled: false } });
    const http = request(app.getHttpServer());
    await http.get('/health').expect(404);
    await http.get('/health/ready').expect(404);
    // Enabled, the first run is a setImmediate at bootstrap: it would have run before either answer arrived.
    expect(app.get(QueueHealthCheck).runs).toBe(0);
  });

  it('tolerates HealthModule imported twice in one app: the paths are served once', async () => {
    const second = HealthModule.forRoot({ health: { checks: NO_BUILTINS }, isGlobal: false });
    const http = request((await boot({ imports: [second] })).getHttpServer());
    expect((await http.get('/health').set(AUTH).expect(200)).body.details).toEqual({ queue: { status: 'up' } });
  });

  it('keeps two apps in one process apart: own checks, own results', async () => {
    const other = await bootHealthApp({ adapter, providers: [QueueHealthCheck] });
    try {
      await waitForRunning(other);
      const http = request((await boot()).getHttpServer());
      other.get(QueueHealthCheck).mode = 'down';
      await request(other.getHttpServer()).get('/health?fresh=1').set(AUTH).expect(503);
      expect((await http.get('/health?fresh=1').set(AUTH).expect(200)).body.details).toEqual({ queue: { status: 'up' } });
    } finally {
      await other.close();
    }
  });

  it('refuses a second check with the same name at startup, naming both', async () => {
    const duplicate = { provide: 'OTHER', useClass: QueueHealthCheck };
    await expect(bootHealthApp({ adapter, providers: [QueueHealthCheck, duplicate] })).rejects.toThrow(
      'Health check "queue" is registered twice (QueueHealthCheck and QueueHealthCheck)',
    );
  });

  it('exports <ns>_health_check_status{check} and the duration histogram when metrics are on', async () => {
    const imports = [MetricsModule.forRoot({ metrics: { namespace: 'shop', default_metrics: false } })];
    const http = request((await boot({ imports })).getHttpServer());
    let text = (await http.get('/metrics').expect(200)).text;
    expect(text).toContain('# TYPE shop_health_check_status gauge');
    expect(text).toContain('shop_health_check_status{check="queue"} 1\n');
    expect(text).toContain('shop_health_check_duration_seconds_count{check="queue"} 1\n');
    app!.get(QueueHealthCheck).mode = 'down';
    await http.get('/health?fresh=1').set(AUTH).expect(503);
    text = (await http.get('/metrics').expect(200)).text;
    expect(text).toContain('shop_health_check_status{check="queue"} 0\n');
    expect(text).toContain('shop_health_check_duration_seconds_count{check="queue"} 2\n');
  });
});

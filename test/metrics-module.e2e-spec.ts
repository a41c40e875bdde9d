import 'reflect-metadata';
import { Agent, request as httpRequest } from 'node:http';
import { Injectable, Module, type INestApplication, type NestMiddleware, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { register as globalRegistry } from 'prom-client';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsModule, MetricsService, ObservabilityModule, requestContextOf, TracingModule, TracingService } from 'nestjs-observability';
import { eventually } from './helpers/eventually.js';
import { bootMetricsApp, sampleLines, scrape, type Platform } from './helpers/metrics-app.js';
import { onFreePort } from './helpers/ports.js';
import { LogCapture } from './helpers/log-capture.js';

const apps: INestApplication[] = [];
async function boot(...args: Parameters<typeof bootMetricsApp>): Promise<INestApplication> {
  const app = await bootMetricsApp(...args);
  apps.push(app);
  return app;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function get(port: number, path: string, agent?: Agent): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: agent ?? false }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (body += c))
        .on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject).end();
  });
}

describe('MetricsModule wiring', () => {
  it('gives two apps in one process their own registries, and never touches the global one', async () => {
    const a = await boot([MetricsModule.forRoot({ metrics: { namespace: 'app', default_metrics: false } })]);
    const b = await boot([MetricsModule.forRoot({ metrics: { namespace: 'app', default_metrics: false } })]);
    expect(a.get(MetricsService).registry).not.toBe(b.get(MetricsService).registry);
    await request(a.getHttpServer()).get('/items/1').expect(200);
    await request(a.getHttpServer()).get('/items/2').expect(200);
    await request(b.getHttpServer()).get('/items/3').expect(200);
    await eventually(async () => {
      expect(sampleLines(await scrape(a))).toContain('app_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 2');
      expect(sampleLines(await scrape(b))).toContain('app_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1');
    });
    expect(await globalRegistry.getMetricsAsJSON()).toEqual([]);
  });

  it("shares the process's own metrics between apps (one GC observer per process), each app with its own event-loop window", async () => {
    const a = await boot([MetricsModule.forRoot({ metrics: { namespace: 'a' } })]);
    const b = await boot([MetricsModule.forRoot({ metrics: { namespace: 'b' } })]);
    const gcOf = (app: INestApplication) => app.get(MetricsService).registry.getSingleMetric('nodejs_gc_duration_seconds');
    expect(gcOf(a)).toBeDefined();
    expect(gcOf(a)).toBe(gcOf(b));
    const lagOf = (app: INestApplication) => app.get(MetricsService).registry.getSingleMetric('nodejs_eventloop_lag_p99_seconds');
    expect(lagOf(a)).toBeDefined();
    expect(lagOf(a)).not.toBe(lagOf(b));
    for (const text of [await scrape(a), await scrape(b)]) {
      for (const line of [
        '# TYPE process_cpu_user_seconds_total counter',
        '# TYPE nodejs_gc_duration_seconds histogram',
        '# TYPE nodejs_eventloop_lag_p99_seconds gauge',
        '# TYPE nodejs_eventloop_lag_seconds gauge',
        '# TYPE nodejs_heap_space_size_used_bytes gauge',
      ])
        expect(text).toContain(line);
      expect(text).not.toContain('nodejs_active_handles_total');
    }
    // Closing one app leaves the other's process metrics whole.
    await apps.splice(0, 1)[0]!.close();
    expect(await scrape(b)).toContain('# TYPE nodejs_gc_duration_seconds histogram');
  });

  it.each<Platform>(['express', 'fastify'])(
    'is part of ObservabilityModule.forRoot, with the path from the configuration (%s)',
    async (platform) => {
      const logs = new LogCapture();
      const app = await boot(
        [ObservabilityModule.forRoot({ metrics: { namespace: 'obs', path: '/internal/prom' } }, { logDestination: logs })],
        platform,
      );
      await request(app.getHttpServer()).get('/items/9').expect(200);
      await request(app.getHttpServer()).get('/metrics').expect(404);
      await eventually(async () => {
        const text = await scrape(app, '/internal/prom');
        expect(sampleLines(text)).toContain('obs_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1');
        expect(sampleLines(text)).toContain('obs_requests_total{method="GET",endpoint="__unmatched__",status_code="404"} 1');
        expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
      });
    },
  );

  it('works with forRootAsync (the configuration from a factory)', async () => {
    const app = await boot([
      ObservabilityModule.forRootAsync({
        useFactory: async () => ({ metrics: { namespace: 'late', path: '/m' } }),
        logDestination: new LogCapture(),
      }),
    ]);
    await request(app.getHttpServer()).get('/items/1').expect(200);
    await eventually(async () =>
      expect(sampleLines(await scrape(app, '/m'))).toContain('late_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1'),
    );
  });

  it('with enabled: false (here from MetricsModule.forRootAsync) serves nothing and records no requests, yet MetricsService works', async () => {
    const app = await boot([MetricsModule.forRootAsync({ useFactory: async () => ({ metrics: { enabled: false, namespace: 'off' } }) })]);
    await request(app.getHttpServer()).get('/items/1').expect(200);
    await request(app.getHttpServer()).get('/metrics').expect(404);
    const metrics = app.get(MetricsService);
    metrics.counter({ name: 'jobs_total', help: 'Jobs.' }).inc();
    const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain('off_jobs_total');
    expect(names).not.toContain('off_requests_total');
    expect(names).not.toContain('process_cpu_user_seconds_total');
  });

  it.each<Platform>(['express', 'fastify'])(
    'without the interceptor still counts every request by route template, errors by status (%s)',
    async (platform) => {
      const app = await boot(
        [MetricsModule.forRoot({ metrics: { namespace: 'lean', default_metrics: false }, interceptor: false })],
        platform,
      );
      await request(app.getHttpServer()).get('/items/1').expect(200);
      await request(app.getHttpServer()).get('/boom').expect(500);
      await request(app.getHttpServer()).post('/items').send({ name: 'x' }).expect(400);
      await eventually(async () => {
        const lines = sampleLines(await scrape(app)).filter(
          (l) => l.startsWith('lean_requests_total') || l.startsWith('lean_errors_total'),
        );
        expect(lines).toEqual([
          'lean_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1',
          'lean_requests_total{method="GET",endpoint="/boom",status_code="500"} 1',
          'lean_requests_total{method="POST",endpoint="/items",status_code="400"} 1',
          'lean_errors_total{method="GET",endpoint="/boom",error_type="InternalServerErrorException"} 1',
          'lean_errors_total{method="POST",endpoint="/items",error_type="BadRequestException"} 1',
        ]);
      });
    },
  );

  it('serves only metrics on a separate listener when metrics.port is set, and closes it on shutdown', async () => {
    let port = 0;
    const app = await onFreePort((free) => {
      port = free;
      return boot([MetricsModule.forRoot({ metrics: { namespace: 'side', port, host: '127.0.0.1' } })]);
    });
    await request(app.getHttpServer()).get('/items/1').expect(200);
    await request(app.getHttpServer()).get('/metrics').expect(404);
    const other = await get(port, '/items/1');
    expect(other.status).toBe(404);
    await eventually(async () => {
      const res = await get(port, '/metrics');
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(sampleLines(res.body)).toContain('side_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1');
    });
    await app.close();
    apps.length = 0;
    await expect(get(port, '/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails startup with a clear message when metrics.port is taken', async () => {
    let port = 0;
    const first = await onFreePort((free) => {
      port = free;
      return boot([MetricsModule.forRoot({ metrics: { port, host: '127.0.0.1' } })]);
    });
    expect(first).toBeDefined();
    await expect(bootMetricsApp([MetricsModule.forRoot({ metrics: { port, host: '127.0.0.1' } })])).rejects.toThrow(
      `Cannot serve metrics on 127.0.0.1:${port} (observability.metrics.port): EADDRINUSE`,
    );
  });

  it('serves OpenMetrics with trace-id exemplars when the scraper asks for it', async () => {
    @Injectable()
    class FakeTracing implements NestMiddleware {
      use(req: never, _res: unknown, next: () => void): void {
        const ctx = requestContextOf(req);
        if (ctx) ctx.traceId = '0af7651916cd43dd8448eb211c80319c';
        next();
      }
    }
    @Module({ providers: [FakeTracing] })
    class FakeTracingModule implements NestModule {
      configure(consumer: MiddlewareConsumer): void {
        consumer.apply(FakeTracing).forRoutes('items/{*path}');
      }
    }
    const app = await boot([
      MetricsModule.forRoot({ metrics: { namespace: 'om', buckets: [0.000001, 30], default_metrics: false } }),
      FakeTracingModule as never,
    ]);
    await request(app.getHttpServer()).get('/items/1').expect(200);
    await eventually(async () => {
      const res = await request(app.getHttpServer())
        .get('/metrics')
        .set('Accept', 'application/openmetrics-text; version=1.0.0')
        .expect(200);
      expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
      expect(res.text).toMatch(
        /^om_request_duration_seconds_bucket\{method="GET",endpoint="\/items\/:id",le="30"\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c"\} [0-9.e-]+ \d+(\.\d+)?$/m,
      );
      expect(res.text).toContain('# TYPE om_requests counter\n');
      expect(res.text).toContain('om_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1');
      expect(res.text.endsWith('# EOF\n')).toBe(true);
    });
    const text = await scrape(app);
    expect(text).toContain('# TYPE om_requests_total counter');
    expect(text).not.toContain('trace_id');
  });

  it('attaches exemplars only for traces that are exported: the failed request, not the dropped one', async () => {
    const app = await boot([
      MetricsModule.forRoot({ metrics: { namespace: 'ex', buckets: [30], default_metrics: false } }),
      // Ratio and reservoir off: only the tail decision keeps a trace (the 500), the 200's trace is dropped.
      TracingModule.forRoot({ tracing: { sample_rate: 0, exporter: 'memory' } }),
    ]);
    await request(app.getHttpServer()).get('/boom').expect(500);
    await request(app.getHttpServer()).get('/items/1').expect(200);
    const tracing = app.get(TracingService);
    await tracing.flush();
    const kept = tracing.recentSpans().find((s) => s.name === 'GET /boom');
    expect(kept).toBeDefined();
    const text = await scrape(app, '/metrics', 'application/openmetrics-text; version=1.0.0');
    expect(text).toMatch(
      new RegExp(
        `^ex_request_duration_seconds_bucket\\{method="GET",endpoint="/boom",le="30"\\} 1 # \\{trace_id="${kept!.spanContext().traceId}"\\} `,
        'm',
      ),
    );
    expect(text).toMatch(/^ex_request_duration_seconds_bucket\{method="GET",endpoint="\/items\/:id",le="30"\} 1$/m);
  });

  // 10,000 real requests: about 12 s alone on a busy 2-core machine, so the default 20 s would depend on the load.
  it('keeps 10,000 distinct raw paths to a bounded number of series', { timeout: 90_000 }, async () => {
    const app = await boot([MetricsModule.forRoot({ metrics: { namespace: 'scan', default_metrics: false } })]);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const paths = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 ? `/items/${i}-${Math.random().toString(36).slice(2)}` : `/scan/${i}/${Math.random().toString(36).slice(2)}`,
    );
    for (let i = 0; i < paths.length; i += 200) await Promise.all(paths.slice(i, i + 200).map((p) => get(port, p, agent)));
    agent.destroy();
    await eventually(async () => {
      const lines = sampleLines(await scrape(app)).filter((l) => l.startsWith('scan_requests_total'));
      expect(lines).toEqual([
        'scan_requests_total{method="GET",endpoint="__unmatched__",status_code="404"} 5000',
        'scan_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 5000',
      ]);
    });
  });
});

describe.each<Platform>(['express', 'fastify'])('imported twice (%s)', (platform) => {
  it('boots, and serves the path once, from the first registry', async () => {
    const logs = new LogCapture();
    const app = await bootMetricsApp(
      [
        ObservabilityModule.forRoot({ metrics: { namespace: 'twice', default_metrics: false } }, { logDestination: logs }),
        MetricsModule.forRoot({ metrics: { namespace: 'twice', default_metrics: false }, isGlobal: false, withContext: false }),
      ],
      platform,
    );
    try {
      await request(app.getHttpServer()).get('/items/1').expect(200);
      await eventually(async () => {
        const lines = sampleLines(await scrape(app));
        expect(lines.filter((l) => l.startsWith('twice_requests_total'))).toEqual([
          'twice_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 1',
        ]);
      });
    } finally {
      await app.close();
    }
  });
});

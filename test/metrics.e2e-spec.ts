import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsModule } from 'nestjs-observability';
import { eventually } from './helpers/eventually.js';
import { bootMetricsApp, sampleLines, scrape, type Platform } from './helpers/metrics-app.js';

describe.each<Platform>(['express', 'fastify'])('RED metrics over HTTP, with the RED interceptor (%s)', (platform) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootMetricsApp(
      [MetricsModule.forRoot({ metrics: { namespace: 'shop', buckets: [0.000001, 30], default_metrics: false }, interceptor: true })],
      platform,
    );
    const http = request(app.getHttpServer());
    await http.get('/items/1').expect(200);
    await http.get('/items/2').expect(200);
    await http.get('/items/missing').expect(404);
    await http.post('/items').send({ name: 'x' }).expect(400);
    await http.post('/items').send({ name: 'widget' }).expect(201);
    await http.get('/boom').expect(500);
    await http.get('/slow').expect(408);
    await http.get('/guarded').expect(403);
    await http.get('/wp-admin/setup.php').expect(404);
    await http.get('/.env').expect(404);
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts requests by method, route template and status code', async () => {
    await eventually(async () => {
      const lines = sampleLines(await scrape(app));
      expect(lines.filter((l) => l.startsWith('shop_requests_total'))).toEqual([
        'shop_requests_total{method="GET",endpoint="/items/:id",status_code="200"} 2',
        'shop_requests_total{method="GET",endpoint="/items/:id",status_code="404"} 1',
        'shop_requests_total{method="POST",endpoint="/items",status_code="400"} 1',
        'shop_requests_total{method="POST",endpoint="/items",status_code="201"} 1',
        'shop_requests_total{method="GET",endpoint="/boom",status_code="500"} 1',
        'shop_requests_total{method="GET",endpoint="/slow",status_code="408"} 1',
        'shop_requests_total{method="GET",endpoint="/guarded",status_code="403"} 1',
        'shop_requests_total{method="GET",endpoint="__unmatched__",status_code="404"} 2',
      ]);
    });
  });

  it('classifies errors: HTTP exceptions by class, validation, timeouts, unknown, unseen ones by status', async () => {
    const lines = sampleLines(await scrape(app));
    expect(lines.filter((l) => l.startsWith('shop_errors_total'))).toEqual([
      'shop_errors_total{method="GET",endpoint="/items/:id",error_type="NotFoundException"} 1',
      'shop_errors_total{method="POST",endpoint="/items",error_type="validation"} 1',
      'shop_errors_total{method="GET",endpoint="/boom",error_type="unknown"} 1',
      'shop_errors_total{method="GET",endpoint="/slow",error_type="timeout"} 1',
      'shop_errors_total{method="GET",endpoint="/guarded",error_type="ForbiddenException"} 1',
      'shop_errors_total{method="GET",endpoint="__unmatched__",error_type="NotFoundException"} 2',
    ]);
  });

  it('observes durations into the configured buckets, per method and route template', async () => {
    const text = await scrape(app);
    expect(text).toContain('# TYPE shop_request_duration_seconds histogram');
    const lines = sampleLines(text).filter((l) => l.startsWith('shop_request_duration_seconds') && l.includes('endpoint="/items/:id"'));
    expect(lines.filter((l) => !l.startsWith('shop_request_duration_seconds_sum'))).toEqual([
      'shop_request_duration_seconds_bucket{method="GET",endpoint="/items/:id",le="0.000001"} 0',
      'shop_request_duration_seconds_bucket{method="GET",endpoint="/items/:id",le="30"} 3',
      'shop_request_duration_seconds_bucket{method="GET",endpoint="/items/:id",le="+Inf"} 3',
      'shop_request_duration_seconds_count{method="GET",endpoint="/items/:id"} 3',
    ]);
    expect(text).not.toMatch(/endpoint="\/items\/1"|wp-admin|\.env/);
  });

  it('does not count its own scrapes, and serves the text format with its content type', async () => {
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).not.toContain('endpoint="/metrics"');
    expect(res.text).toContain('# TYPE shop_active_connections gauge');
  });

  it('counts a request the body parser rejected before any handler ran', async () => {
    await request(app.getHttpServer()).post('/items').set('Content-Type', 'application/json').send('{"name":').expect(400);
    // Express parses bodies before routing: the route is found from the method and path afterwards. Fastify routes
    // first. Either way it joins the failed validation of the first sequence's 400 on /items.
    const [endpoint, count] = ['/items', 2];
    await eventually(async () => {
      const lines = sampleLines(await scrape(app));
      expect(lines).toContain(`shop_requests_total{method="POST",endpoint="${endpoint}",status_code="400"} ${count}`);
      expect(lines).toContain(`shop_errors_total{method="POST",endpoint="${endpoint}",error_type="BadRequestException"} 1`);
    });
  });

  it('counts @Metered calls, errors and durations on providers and controllers', async () => {
    const http = request(app.getHttpServer());
    await http.get('/upstream/ok').expect(200);
    await http.get('/upstream/fail').expect(502);
    const lines = sampleLines(await scrape(app));
    expect(lines.filter((l) => l.startsWith('shop_operation_calls_total'))).toEqual([
      'shop_operation_calls_total{operation="items.lookup"} 3',
      'shop_operation_calls_total{operation="ItemsService.fetchUpstream"} 2',
      'shop_operation_calls_total{operation="upstream.call"} 2',
    ]);
    expect(lines.filter((l) => l.startsWith('shop_operation_errors_total'))).toEqual([
      'shop_operation_errors_total{operation="items.lookup",error_type="NotFoundException"} 1',
      'shop_operation_errors_total{operation="ItemsService.fetchUpstream",error_type="unknown"} 1',
      'shop_operation_errors_total{operation="upstream.call",error_type="BadGatewayException"} 1',
    ]);
    expect(lines).toContain('shop_operation_duration_seconds_count{operation="upstream.call"} 2');
  });
});

describe('RED metrics without the interceptor (the default)', () => {
  it('counts every request and names errors after the Nest exception class of their status', async () => {
    const app = await bootMetricsApp([MetricsModule.forRoot({ metrics: { namespace: 'lean', default_metrics: false } })]);
    try {
      const http = request(app.getHttpServer());
      await http.get('/items/missing').expect(404);
      await http.post('/items').send({ name: 'x' }).expect(400);
      await http.get('/boom').expect(500);
      await http.get('/slow').expect(408);
      await http.get('/guarded').expect(403);
      await eventually(async () => {
        const lines = sampleLines(await scrape(app));
        expect(lines.filter((l) => l.startsWith('lean_errors_total'))).toEqual([
          'lean_errors_total{method="GET",endpoint="/items/:id",error_type="NotFoundException"} 1',
          'lean_errors_total{method="POST",endpoint="/items",error_type="BadRequestException"} 1',
          'lean_errors_total{method="GET",endpoint="/boom",error_type="InternalServerErrorException"} 1',
          'lean_errors_total{method="GET",endpoint="/slow",error_type="timeout"} 1',
          'lean_errors_total{method="GET",endpoint="/guarded",error_type="ForbiddenException"} 1',
        ]);
      });
    } finally {
      await app.close();
    }
  });
});

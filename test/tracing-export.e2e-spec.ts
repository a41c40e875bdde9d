import 'reflect-metadata';
import { hostname } from 'node:os';
import { MetricsModule, MetricsService, TracingService } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { bootTracingApp, type TracingApp } from './helpers/tracing-app.js';
import { eventually } from './helpers/eventually.js';
import { refusedPort } from './helpers/ports.js';
import { OtlpGrpcReceiver, OtlpHttpReceiver } from './helpers/tracing-otlp-receivers.js';

/** Export tests against local collectors that decode the real OTLP protobuf with the official definitions. */
describe.each([
  ['otlp-http', () => new OtlpHttpReceiver()],
  ['otlp-grpc', () => new OtlpGrpcReceiver()],
] as const)('%s export', (exporter, makeReceiver) => {
  let receiver: OtlpHttpReceiver | OtlpGrpcReceiver;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(async () => {
    receiver = await makeReceiver().start();
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await receiver.stop();
    vi.unstubAllEnvs();
  });

  it('healthy collector: shutdown flushes every buffered span; resource, spans and attributes arrive as sent', async () => {
    vi.stubEnv('OTEL_RESOURCE_ATTRIBUTES', 'team=payments,service.name=ignored-by-config');
    const t = await bootTracingApp({
      tracing: {
        exporter,
        endpoint: receiver.url,
        headers: { 'x-api-key': 'collector-key' },
        service_name: 'checkout',
        service_version: '1.2.3',
        environment: 'staging',
        // Nothing is exported before shutdown: everything below is what the shutdown flush sends, however long the
        // machine takes to open the connection and send it.
        batch: { scheduled_delay: '60s', max_export_batch_size: 512 },
        shutdown_timeout: '30s',
      },
    });
    for (let i = 0; i < 20; i++) await request(t.app.getHttpServer()).get(`/api/orders/o${i}`).set('X-Request-Id', `exp-${i}`).expect(200);
    // A request's server span ends when its response closes, which can be after the client has the answer.
    await t.logs.waitFor((lines) => lines.filter((l) => l['msg'] === 'request completed').length === 20);
    expect(receiver.spans).toHaveLength(0);
    await t.app.close();
    const spans = await receiver.waitForSpans((s) => s.length >= 80);
    expect(spans).toHaveLength(80);
    expect(receiver.exports[0]?.headers['x-api-key']).toBe('collector-key');
    const root = spans.find((s) => s.attributes['request_id'] === 'exp-3')!;
    expect(root).toMatchObject({
      name: 'GET /api/orders/:id',
      kind: 'SPAN_KIND_SERVER',
      parentSpanId: '',
      status: { code: 'STATUS_CODE_UNSET' },
      scope: 'nestjs-observability',
      attributes: {
        'http.route': '/api/orders/:id',
        'http.response.status_code': 200,
        'sampling.reason': 'ratio',
        'code.function.name': 'OrderController.get',
      },
    });
    expect(root.flags & 0xff).toBe(1);
    expect(root.resource).toMatchObject({
      'service.name': 'checkout',
      'service.version': '1.2.3',
      'deployment.environment.name': 'staging',
      team: 'payments',
      'host.name': hostname(),
      'process.pid': process.pid,
      'telemetry.sdk.language': 'nodejs',
    });
    const child = spans.find((s) => s.traceId === root.traceId && s.name === 'controller.get_order')!;
    expect(child.parentSpanId).toBe(root.spanId);
    expect(spans.find((s) => s.traceId === root.traceId && s.name === 'orders.load')?.attributes['order.id']).toBe('o3');
    expect(unhandled).toEqual([]);
  });

  it('hanging collector (accepts, never answers): requests succeed and application shutdown completes within 3 s', async () => {
    receiver.mode = 'hang';
    const t = await bootTracingApp({ tracing: { exporter, endpoint: receiver.url, batch: { scheduled_delay: '10ms' } } });
    for (let i = 0; i < 10; i++) await request(t.app.getHttpServer()).get(`/api/orders/h${i}`).expect(200);
    // Shutdown must cope with an export the collector holds open: wait until one is.
    await eventually(() => receiver.requests > 0);
    const started = performance.now();
    await t.app.close();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(unhandled).toEqual([]);
  });

  it('refusing collector: requests succeed, drops are counted (also as <ns>_spans_dropped_total), nothing unhandled', async () => {
    const refused = await refusedPort();
    onTestFinished(refused.close);
    const t = await bootTracingApp({
      tracing: { exporter, endpoint: `http://127.0.0.1:${refused.port}`, timeout: '300ms', batch: { scheduled_delay: '10ms' } },
      imports: [MetricsModule.forRoot({ metrics: { namespace: 'shop', default_metrics: false } })],
    });
    try {
      for (let i = 0; i < 10; i++) await request(t.app.getHttpServer()).get(`/api/orders/r${i}`).expect(200);
      const tracing = t.app.get(TracingService);
      const dropped = await eventually(() => {
        const now = tracing.droppedSpans();
        expect((now.export_failed ?? 0) + (now.export_timeout ?? 0)).toBe(40);
        return now;
      });
      const exposition = await t.app.get(MetricsService).registry.metrics();
      const reason = dropped.export_failed ? 'export_failed' : 'export_timeout';
      expect(exposition).toContain(`shop_spans_dropped_total{reason="${reason}"} 40`);
    } finally {
      await t.app.close();
    }
    expect(unhandled).toEqual([]);
  });
});

describe('OTLP/HTTP: the standard OTEL_* variables, compression, retries', () => {
  let receiver: OtlpHttpReceiver;
  let t: TracingApp | undefined;

  beforeEach(async () => {
    receiver = await new OtlpHttpReceiver().start();
  });
  afterEach(async () => {
    await t?.app.close();
    t = undefined;
    await receiver.stop();
    vi.unstubAllEnvs();
  });

  it('are honoured where the file sets nothing: endpoint, headers, service name', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.url);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-tenant=blue');
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-env');
    t = await bootTracingApp({ tracing: { exporter: 'otlp-http', batch: { scheduled_delay: '10ms' } } });
    await request(t.app.getHttpServer()).get('/api/orders/e1').set('X-Request-Id', 'env-1').expect(200);
    const spans = await receiver.waitForSpans((s) => s.some((x) => x.attributes['request_id'] === 'env-1'));
    expect(spans[0]?.resource['service.name']).toBe('from-env');
    expect(receiver.exports[0]?.headers['x-tenant']).toBe('blue');
  });

  it('lose to the file where both are set', async () => {
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'http://127.0.0.1:9/v1/traces');
    vi.stubEnv('OTEL_SERVICE_NAME', 'from-env');
    t = await bootTracingApp({
      tracing: {
        exporter: 'otlp-http',
        endpoint: `${receiver.url}/v1/traces`,
        service_name: 'from-file',
        batch: { scheduled_delay: '10ms' },
      },
    });
    await request(t.app.getHttpServer()).get('/api/orders/e2').set('X-Request-Id', 'env-2').expect(200);
    const spans = await receiver.waitForSpans((s) => s.some((x) => x.attributes['request_id'] === 'env-2'));
    expect(spans[0]?.resource['service.name']).toBe('from-file');
  });

  it('sends gzip-compressed with its headers when asked to', async () => {
    t = await bootTracingApp({
      tracing: {
        exporter: 'otlp-http',
        endpoint: receiver.url,
        compression: 'gzip',
        headers: { 'x-api-key': 'collector-key' },
        batch: { scheduled_delay: '10ms' },
      },
    });
    await request(t.app.getHttpServer()).get('/api/orders/w1').set('X-Request-Id', 'gzip-1').expect(200);
    await receiver.waitForSpans((s) => s.some((x) => x.attributes['request_id'] === 'gzip-1'));
    expect(receiver.exports[0]?.headers).toMatchObject({
      'content-encoding': 'gzip',
      'content-type': 'application/x-protobuf',
      'x-api-key': 'collector-key',
    });
  });

  it('retries what the collector answers 503 (OpenTelemetry’s retry policy, honouring Retry-After)', async () => {
    receiver.mode = 'unavailable-once';
    t = await bootTracingApp({ tracing: { exporter: 'otlp-http', endpoint: receiver.url, batch: { scheduled_delay: '10ms' } } });
    await request(t.app.getHttpServer()).get('/api/orders/w2').set('X-Request-Id', 'retry-1').expect(200);
    await receiver.waitForSpans((s) => s.some((x) => x.attributes['request_id'] === 'retry-1'));
    expect(receiver.requests).toBeGreaterThanOrEqual(2);
    expect(t.app.get(TracingService).droppedSpans()).toEqual({});
  });
});

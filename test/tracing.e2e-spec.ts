import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Reflector } from '@nestjs/core';
import request from 'supertest';
import { TracingService } from 'nestjs-observability';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bootTracingApp, byName, OrderController, OrderService, ROLE, waitForSpans, type TracingApp } from './helpers/tracing-app.js';

const traceOf = (spans: readonly ReadableSpan[], root: ReadableSpan) =>
  spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
const serverSpan = (spans: readonly ReadableSpan[], requestId: string) =>
  spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['request_id'] === requestId);

describe.each([
  ['express', false],
  ['fastify', true],
])('tracing on %s (no preload: the module owns its provider)', (_name, fastify) => {
  let t: TracingApp;

  beforeAll(async () => {
    t = await bootTracingApp({ fastify });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('names the server span by route template and method, with HTTP semantic-convention attributes', async () => {
    await request(t.app.getHttpServer())
      .get('/api/orders/42?token=s3cret')
      .set('X-Request-Id', `tpl-${_name}`)
      .set('User-Agent', 'probe/1.0')
      .expect(200);
    const spans = await waitForSpans(t, (s) => serverSpan(s, `tpl-${_name}`) !== undefined);
    const server = serverSpan(spans, `tpl-${_name}`)!;
    expect(server.name).toBe('GET /api/orders/:id');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/orders/:id',
      'http.response.status_code': 200,
      'url.path': '/api/orders/42',
      'url.scheme': 'http',
      'user_agent.original': 'probe/1.0',
      request_id: `tpl-${_name}`,
      'code.function.name': 'OrderController.get',
      'sampling.reason': 'ratio',
    });
    expect(JSON.stringify(server.attributes)).not.toContain('s3cret');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('nests controller → @Traced service spans under the server span, with attributes from arguments', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/abc').set('X-Request-Id', `nest-${_name}`).expect(200, { id: 'abc', total: 30 });
    const spans = await waitForSpans(t, (s) => serverSpan(s, `nest-${_name}`) !== undefined);
    const server = serverSpan(spans, `nest-${_name}`)!;
    const trace = traceOf(spans, server);
    const controller = byName(trace, 'controller.get_order');
    const load = byName(trace, 'orders.load');
    const price = byName(trace, 'OrderService.price');
    expect(controller.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(load.parentSpanContext?.spanId).toBe(controller.spanContext().spanId);
    expect(price.parentSpanContext?.spanId).toBe(load.spanContext().spanId);
    expect(load.attributes['order.id']).toBe('abc');
    expect(load.kind).toBe(SpanKind.INTERNAL);
  });

  it('times a @Traced method that returns an Observable until it completes, with the work inside as its child', async () => {
    await request(t.app.getHttpServer())
      .get('/api/orders/abcd/quote')
      .set('X-Request-Id', `quote-${_name}`)
      .expect(200, { id: 'abcd', price: 40 });
    const spans = await waitForSpans(t, (s) => serverSpan(s, `quote-${_name}`) !== undefined);
    const trace = traceOf(spans, serverSpan(spans, `quote-${_name}`)!);
    const quote = byName(trace, 'orders.quote');
    const price = byName(trace, 'OrderService.price');
    const ms = (span: ReadableSpan) => span.duration[0] * 1e3 + span.duration[1] / 1e6;
    expect(ms(quote)).toBeGreaterThanOrEqual(35);
    expect(price.parentSpanContext?.spanId).toBe(quote.spanContext().spanId);
  });

  it('records exceptions on @Traced spans (ERROR) and re-throws them unchanged, sync and async', async () => {
    await expect(t.orders.fail()).rejects.toThrow(new TypeError('inventory unavailable'));
    expect(() => t.orders.syncFail()).toThrow(RangeError);
    const spans = await waitForSpans(t, (s) => s.some((x) => x.name === 'orders.sync_fail'));
    for (const [name, type] of [
      ['orders.fail', 'TypeError'],
      ['orders.sync_fail', 'RangeError'],
    ] as const) {
      const span = byName(spans, name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.events[0]?.name).toBe('exception');
      expect(span.events[0]?.attributes?.['exception.type']).toBe(type);
    }
  });

  it('marks 5xx server spans ERROR (the exception is on the @Traced span that threw); a 4xx stays UNSET', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/1/fail').set('X-Request-Id', `fail-${_name}`).expect(500);
    await request(t.app.getHttpServer()).get('/api/orders/1/missing').set('X-Request-Id', `miss-${_name}`).expect(404);
    const spans = await waitForSpans(
      t,
      (s) => serverSpan(s, `fail-${_name}`) !== undefined && serverSpan(s, `miss-${_name}`) !== undefined,
    );
    const failed = serverSpan(spans, `fail-${_name}`)!;
    expect(failed.name).toBe('GET /api/orders/:id/fail');
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });
    const thrower = traceOf(spans, failed).find((s) => s.name === 'orders.fail')!;
    expect(thrower.status).toEqual({ code: SpanStatusCode.ERROR, message: 'inventory unavailable' });
    expect(thrower.events.map((e) => e.attributes?.['exception.message'])).toEqual(['inventory unavailable']);
    const missing = serverSpan(spans, `miss-${_name}`)!;
    expect(missing.status.code).toBe(SpanStatusCode.UNSET);
    expect(missing.attributes['http.response.status_code']).toBe(404);
  });

  it('puts an exception no filter handled on the server span as an exception event, credentials removed', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/1/crash').set('X-Request-Id', `crash-${_name}`).expect(500);
    const spans = await waitForSpans(t, (s) => serverSpan(s, `crash-${_name}`) !== undefined);
    const server = serverSpan(spans, `crash-${_name}`)!;
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes['sampling.reason']).toBe('ratio');
    const events = server.events.filter((e) => e.name === 'exception');
    expect(events).toHaveLength(1);
    expect(events[0]!.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'cannot reach postgres://[REDACTED]@db:5432/orders',
    });
    expect(String(events[0]!.attributes?.['exception.stacktrace'])).toContain('TypeError: cannot reach postgres://[REDACTED]@db');
    expect(JSON.stringify([server.attributes, server.events, server.status])).not.toContain('hunter2');
  });

  it('records an exception Nest answers with a 4xx as an event, and leaves the status UNSET (the client erred)', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/1/throttled').set('X-Request-Id', `429-${_name}`).expect(429);
    const spans = await waitForSpans(t, (s) => serverSpan(s, `429-${_name}`) !== undefined);
    const server = serverSpan(spans, `429-${_name}`)!;
    expect(server.attributes['http.response.status_code']).toBe(429);
    expect(server.events.filter((e) => e.name === 'exception').map((e) => e.attributes?.['exception.message'])).toEqual(['quota exceeded']);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('names unmatched requests by method only (no raw path in the name)', async () => {
    await request(t.app.getHttpServer()).get('/wp-admin/setup.php').set('X-Request-Id', `scan-${_name}`).expect(404);
    const spans = await waitForSpans(t, (s) => serverSpan(s, `scan-${_name}`) !== undefined);
    const span = serverSpan(spans, `scan-${_name}`)!;
    expect(span.name).toBe('GET');
    expect(span.attributes['http.route']).toBeUndefined();
  });

  it('puts the trace and span ids of the real spans on log lines', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/log1').set('X-Request-Id', `log-${_name}`).expect(200);
    const spans = await waitForSpans(t, (s) => serverSpan(s, `log-${_name}`) !== undefined);
    const server = serverSpan(spans, `log-${_name}`)!;
    const load = traceOf(spans, server).find((s) => s.name === 'orders.load')!;
    await t.logs.waitFor((lines) => lines.some((l) => l['request_id'] === `log-${_name}` && l['msg'] === 'request completed'));
    const requestLine = t.logs.requestLines().find((l) => l['request_id'] === `log-${_name}`);
    expect(requestLine).toMatchObject({ trace_id: server.spanContext().traceId, span_id: server.spanContext().spanId });
    const serviceLine = t.logs.withMsg('order loaded').find((l) => l['request_id'] === `log-${_name}`);
    expect(serviceLine).toMatchObject({ trace_id: server.spanContext().traceId, span_id: load.spanContext().spanId });
  });

  it("carries the request context in the request's OpenTelemetry context (one AsyncLocalStorage per request)", async () => {
    await request(t.app.getHttpServer())
      .get('/api/orders/1/context')
      .set('X-Request-Id', `ctx-${_name}`)
      .expect(200, { inside: `ctx-${_name}`, afterAwait: `ctx-${_name}`, outsideOtelContext: null });
  });

  it('serves a request whose server span cannot start, in its request context, and logs it without trace ids', async () => {
    // A tracing runtime that fails, at its one entry point for server spans (reached through the service's binding).
    const service: unknown = t.app.get(TracingService);
    const { runtime } = (service as { binding: { runtime: { startServerSpan(): unknown } } }).binding;
    const broken = vi.spyOn(runtime, 'startServerSpan').mockImplementation(() => {
      throw new Error('tracing broke');
    });
    const id = `untraced-${_name}`;
    try {
      const res = await request(t.app.getHttpServer())
        .get('/api/orders/9/context')
        .set('X-Request-Id', id)
        .expect(200, { inside: id, afterAwait: id, outsideOtelContext: id });
      expect(res.headers['x-request-id']).toBe(id);
      expect(broken).toHaveBeenCalled();
    } finally {
      broken.mockRestore();
    }
    await t.logs.waitFor((lines) => lines.some((l) => l['request_id'] === id && l['msg'] === 'request completed'));
    const line = t.logs.requestLines().find((l) => l['request_id'] === id);
    expect(line).toMatchObject({ res: { status_code: 200 } });
    expect(line).not.toHaveProperty('trace_id');
  });

  it('keeps the method name, length and metadata of decorated methods', () => {
    expect(OrderService.prototype.load.name).toBe('load');
    expect(OrderService.prototype.load.length).toBe(1);
    expect(t.app.get(Reflector).get(ROLE, OrderController.prototype.get)).toBe('reader');
  });
});

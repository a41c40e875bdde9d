import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { SpanKind, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  startTracing,
  tracingPreloadHandle,
  TracingService,
  type TracingModuleOptions,
  type TracingPreloadHandle,
} from 'nestjs-observability';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Downstream } from './helpers/tracing-downstream.js';
import { bootTracingApp, byName, waitForSpans, type TracingApp } from './helpers/tracing-app.js';

const serverSpan = (spans: readonly ReadableSpan[], requestId: string) =>
  spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['request_id'] === requestId);
const traceOf = (spans: readonly ReadableSpan[], root: ReadableSpan) =>
  spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;

/**
 * With the preload (started here programmatically, as `node --import nestjs-observability/register` does before
 * anything else): the module binds to its provider, and the undici (fetch) auto-instrumentation propagates.
 */
describe('tracing with the preload: propagation to a second service', () => {
  const tracing: NonNullable<TracingModuleOptions['tracing']> = {
    sample_rate: 0,
    slow_threshold: '5s',
    critical_routes: ['/api/orders/:id/downstream'],
    batch: { scheduled_delay: 5 },
  };
  const exporter = new InMemorySpanExporter();
  const downstream = new Downstream();
  let handle: TracingPreloadHandle;
  let t: TracingApp;

  beforeAll(async () => {
    await downstream.start();
    handle = startTracing({
      tracing,
      exporter,
    })!;
    t = await bootTracingApp({
      exporter,
      tracing,
    });
    t.orders.downstream = downstream.url;
  });
  afterAll(async () => {
    await t.app.close();
    await handle.stop();
    await downstream.stop();
  });

  it('binds TracingModule to the preloaded provider', () => {
    expect(tracingPreloadHandle()).toBe(handle);
    expect(t.app.get(TracingService).preloaded).toBe(true);
    // The defaults whose targets are installed here: pg is a devDependency; mysql2, mongodb, ioredis and redis are not.
    expect(handle.instrumentations).toEqual(['http', 'undici', 'pg']);
  });

  it('controller → @Traced service → fetch: the downstream receives the client span as parent, sampled after the critical decision', async () => {
    await request(t.app.getHttpServer())
      .get('/api/orders/77/downstream')
      .set('X-Request-Id', 'prop-1')
      .set('baggage', 'tenant=acme')
      .expect(200, { in_stock: true });
    const spans = await waitForSpans(t, (s) => serverSpan(s, 'prop-1') !== undefined);
    const root = serverSpan(spans, 'prop-1')!;
    expect(root.name).toBe('GET /api/orders/:id/downstream');
    expect(root.attributes['sampling.reason']).toBe('critical');
    const trace = traceOf(spans, root);
    const call = byName(trace, 'orders.call_downstream');
    const client = trace.find((s) => s.kind === SpanKind.CLIENT)!;
    expect(call.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(client.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(client.attributes['http.request.method']).toBe('GET');
    expect(client.attributes['http.response.status_code']).toBe(200);

    const received = downstream.received.find((r) => r.url === '/inventory/77')!;
    const [, traceId, parentId, flags] = TRACEPARENT.exec(String(received.headers['traceparent']))!;
    expect(traceId).toBe(root.spanContext().traceId);
    expect(parentId).toBe(client.spanContext().spanId);
    expect(flags).toBe('01');
    expect(received.headers['baggage']).toBe('tenant=acme');
  });

  it('an unsampled request still propagates its trace id downstream, flagged not sampled', async () => {
    downstream.received.length = 0;
    await request(t.app.getHttpServer()).get('/api/orders/78').set('X-Request-Id', 'prop-2').expect(200);
    const { OrderService } = await import('./helpers/tracing-app.js');
    expect(t.app.get(OrderService)).toBe(t.orders);
    await t.orders.callDownstream('/inventory/outside');
    const received = downstream.received.find((r) => r.url === '/inventory/outside')!;
    const [, , , flags] = TRACEPARENT.exec(String(received.headers['traceparent']))!;
    expect(flags).toBe('00');
  });

  it('a second app leases the same provider; it shuts down only when the last app closes', async () => {
    await expect(bootTracingApp({ exporter, tracing: { ...tracing, sample_rate: 0.5 } })).rejects.toThrow(
      'A second application in this process binds to the preloaded tracing with a different tracing configuration',
    );
    const second = await bootTracingApp({ exporter, tracing });
    expect(second.app.get(TracingService).preloaded).toBe(true);
    await second.app.close();
    expect(handle.runtime.isShutdown).toBe(false);
    await request(t.app.getHttpServer()).get('/api/orders/79/fail').set('X-Request-Id', 'after-second').expect(500);
    const spans = await waitForSpans(t, (s) => serverSpan(s, 'after-second') !== undefined);
    expect(serverSpan(spans, 'after-second')?.attributes['sampling.reason']).toBe('error');
    expect((serverSpan(spans, 'after-second')!.spanContext().traceFlags & TraceFlags.SAMPLED) === 1).toBe(true);
  });

  it('after the last app closed, a new app warns and starts a provider of its own', async () => {
    const closing = await bootTracingApp({ exporter, tracing });
    await t.app.close();
    await closing.app.close();
    expect(handle.runtime.isShutdown).toBe(true);
    const warn = vi.spyOn(Logger.prototype, 'warn');
    const later = await bootTracingApp();
    try {
      expect(later.app.get(TracingService).preloaded).toBe(false);
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining('already shut down'));
    } finally {
      warn.mockRestore();
      await later.app.close();
      t = await bootTracingApp({ exporter, tracing });
    }
  });
});

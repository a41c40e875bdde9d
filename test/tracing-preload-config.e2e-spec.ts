import 'reflect-metadata';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing, TracingService, type TracingPreloadHandle } from 'nestjs-observability';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTracingApp } from './helpers/tracing-app.js';
import { Downstream } from './helpers/tracing-downstream.js';
import { OtlpHttpReceiver } from './helpers/tracing-otlp-receivers.js';

/**
 * The preload starts instrumentation before the app loads, from what it can read (here: defaults, spans kept in
 * memory); the app's own options, given inline to forRoot, then decide where spans go and how they are sampled.
 */
describe('tracing options given in code, under the preload', () => {
  const downstream = new Downstream();
  const receiver = new OtlpHttpReceiver();
  const preloadExporter = new InMemorySpanExporter();
  let handle: TracingPreloadHandle;

  beforeAll(async () => {
    await downstream.start();
    await receiver.start();
    handle = startTracing({ tracing: { sample_rate: 1, batch: { scheduled_delay: 5 } }, exporter: preloadExporter })!;
  });
  afterAll(async () => {
    await handle.stop();
    await receiver.stop();
    await downstream.stop();
  });

  it('an instrumentation enabled in code that the preload did not load fails startup with the reason', async () => {
    await expect(bootTracingApp({ tracing: { instrumentations: { express: true } } })).rejects.toThrow(
      "tracing.instrumentations enables express in the application's configuration, but the preload (configured from " +
        'defaults and environment) did not load it',
    );
  });

  it('decide exporter, endpoint, headers and resource; spans started before the app arrived are held, then follow them', async () => {
    // Before the app exists: an outbound call, traced by the preload's instrumentation and held, not exported.
    await fetch(`${downstream.url}/warmup`);
    await handle.runtime.flush(1_000);
    expect(handle.runtime.heldSpans).toBe(1);
    expect(preloadExporter.getFinishedSpans()).toEqual([]);

    const t = await bootTracingApp({
      tracing: {
        exporter: 'otlp-http',
        endpoint: receiver.url,
        headers: { 'x-api-key': 'inline-key' },
        service_name: 'inline-app',
        critical_routes: ['/api/orders/:id/downstream'],
      },
    });
    try {
      expect(t.app.get(TracingService).preloaded).toBe(true);
      t.orders.downstream = downstream.url;
      await request(t.app.getHttpServer()).get('/api/orders/5/downstream').expect(200);
      const spans = await receiver.waitForSpans(
        (s) =>
          s.some((x) => x.attributes['url.full'] === `${downstream.url}/warmup`) &&
          s.some((x) => x.attributes['url.full'] === `${downstream.url}/inventory/5`),
      );
      expect(receiver.exports.map((e) => e.headers['x-api-key'])).toEqual(receiver.exports.map(() => 'inline-key'));

      const warmup = spans.find((s) => s.attributes['url.full'] === `${downstream.url}/warmup`)!;
      expect(warmup).toMatchObject({ kind: 'SPAN_KIND_CLIENT', scope: '@opentelemetry/instrumentation-undici', parentSpanId: '' });

      const root = spans.find((s) => s.name === 'GET /api/orders/:id/downstream')!;
      expect(root.resource['service.name']).toBe('inline-app');
      const call = spans.find((s) => s.name === 'orders.call_downstream' && s.parentSpanId === root.spanId)!;
      // The instrumentation's tracer was handed out before the app's configuration existed; its spans follow it.
      expect(spans.find((s) => s.attributes['url.full'] === `${downstream.url}/inventory/5`)).toMatchObject({
        scope: '@opentelemetry/instrumentation-undici',
        parentSpanId: call.spanId,
        traceId: root.traceId,
        resource: { 'service.name': 'inline-app' },
      });
      expect(preloadExporter.getFinishedSpans()).toEqual([]);
    } finally {
      await t.app.close();
    }
  });
});

describe('tracing turned off in code, under the preload', () => {
  const downstream = new Downstream();
  const preloadExporter = new InMemorySpanExporter();
  let handle: TracingPreloadHandle;

  beforeAll(async () => {
    await downstream.start();
    handle = startTracing({ tracing: { sample_rate: 1, batch: { scheduled_delay: 5 } }, exporter: preloadExporter })!;
  });
  afterAll(async () => {
    await handle.stop();
    await downstream.stop();
  });

  it("nothing the preload held or would record is exported, through the app's life and its shutdown", async () => {
    await fetch(`${downstream.url}/before`);
    expect(handle.runtime.heldSpans).toBe(1);
    const t = await bootTracingApp({ exporter: preloadExporter, tracing: { enabled: false } });
    try {
      expect(t.app.get(TracingService).enabled).toBe(false);
      expect(handle.runtime.heldSpans).toBe(0);
      await fetch(`${downstream.url}/after`);
      expect(downstream.received.find((r) => r.url === '/after')?.headers['traceparent']).toBeUndefined();
    } finally {
      await t.app.close();
    }
    await handle.runtime.flush(1_000);
    expect(preloadExporter.getFinishedSpans()).toEqual([]);
  });
});

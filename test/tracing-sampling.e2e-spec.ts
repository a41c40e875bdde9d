import { SpanKind, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTracingApp, waitForSpans, type TracingApp } from './helpers/tracing-app.js';

const serverSpan = (spans: readonly ReadableSpan[], requestId: string) =>
  spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['request_id'] === requestId);
const traceOf = (spans: readonly ReadableSpan[], root: ReadableSpan) =>
  spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
const sampled = (s: ReadableSpan) => (s.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;

// Whether a request is slow depends on the machine, so every app here but the one about slowness has a threshold no
// request reaches; and each negative assertion looks only after a later request's span has arrived.
const NEVER_SLOW = '10m';

describe('sampling that keeps what matters (sample_rate: 0)', () => {
  let t: TracingApp;

  beforeAll(async () => {
    t = await bootTracingApp({ tracing: { sample_rate: 0, slow_threshold: NEVER_SLOW, critical_routes: ['/api/orders/:id/pay'] } });
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('discards ordinary requests and 4xx, and exports a failed request whole, marked sampled, reason error', async () => {
    const http = request(t.app.getHttpServer());
    await http.get('/api/orders/7').set('X-Request-Id', 'plain').expect(200);
    await http.get('/api/orders/7/missing').set('X-Request-Id', 'client-error').expect(404);
    await http.get('/api/orders/7/fail').set('X-Request-Id', 'failed').expect(500);
    const spans = await waitForSpans(t, (s) => serverSpan(s, 'failed') !== undefined);
    expect(serverSpan(spans, 'plain')).toBeUndefined();
    expect(serverSpan(spans, 'client-error')).toBeUndefined();
    const root = serverSpan(spans, 'failed')!;
    expect(root.attributes['sampling.reason']).toBe('error');
    const trace = traceOf(spans, root);
    expect(trace.map((s) => s.name).sort()).toEqual(['GET /api/orders/:id/fail', 'orders.fail']);
    expect(trace.every(sampled)).toBe(true);
    expect(trace.find((s) => s.name === 'orders.fail')?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    // The root was created after the fact with the ids the request's log lines already carried.
    await t.logs.waitFor((lines) => lines.some((l) => l['request_id'] === 'failed' && l['msg'] === 'request completed'));
    expect(t.logs.requestLines().find((l) => l['request_id'] === 'failed')).toMatchObject({
      trace_id: root.spanContext().traceId,
      span_id: root.spanContext().spanId,
      res: { status_code: 500 },
    });
    expect(root.attributes).toMatchObject({
      'http.route': '/api/orders/:id/fail',
      'http.response.status_code': 500,
      'code.function.name': 'OrderController.fail',
    });
  });

  it('keeps an HttpException 5xx thrown by the handler (reason error)', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/7/boom').set('X-Request-Id', 'boom').expect(500);
    const spans = await waitForSpans(t, (s) => serverSpan(s, 'boom') !== undefined);
    expect(serverSpan(spans, 'boom')?.attributes['sampling.reason']).toBe('error');
  });

  it('keeps a request slower than slow_threshold (reason slow)', async () => {
    // The handler sleeps 60 ms, and a timer never fires early: this request is slow on any machine.
    const slow = await bootTracingApp({ tracing: { sample_rate: 0, slow_threshold: '50ms' } });
    try {
      await request(slow.app.getHttpServer()).get('/api/orders/7/slow').set('X-Request-Id', 'slow').expect(200);
      const spans = await waitForSpans(slow, (s) => serverSpan(s, 'slow') !== undefined);
      const root = serverSpan(spans, 'slow')!;
      expect(root.attributes['sampling.reason']).toBe('slow');
      expect(root.duration[0] * 1e3 + root.duration[1] / 1e6).toBeGreaterThanOrEqual(50);
    } finally {
      await slow.app.close();
    }
  });

  it('always keeps critical routes, sampled from their first span (reason critical)', async () => {
    for (let i = 0; i < 5; i++)
      await request(t.app.getHttpServer()).post(`/api/orders/c${i}/pay`).set('X-Request-Id', `critical-${i}`).expect(202);
    const spans = await waitForSpans(t, (s) => [0, 1, 2, 3, 4].every((i) => serverSpan(s, `critical-${i}`) !== undefined));
    for (let i = 0; i < 5; i++) {
      const root = serverSpan(spans, `critical-${i}`)!;
      expect(root.name).toBe('POST /api/orders/:id/pay');
      expect(root.attributes['sampling.reason']).toBe('critical');
      expect(sampled(root)).toBe(true);
      const load = traceOf(spans, root).find((s) => s.name === 'orders.load');
      expect(load && sampled(load)).toBe(true);
    }
  });

  it('keeps a trace the code decides to keep mid-way (TracingService.keepCurrentTrace): later spans sampled, root exported', async () => {
    await request(t.app.getHttpServer()).get('/api/orders/e1').set('X-Request-Id', 'not-escalated').expect(200);
    await request(t.app.getHttpServer()).post('/api/orders/e1/escalate').set('X-Request-Id', 'escalated').expect(200);
    const spans = await waitForSpans(t, (s) => serverSpan(s, 'escalated') !== undefined);
    const root = serverSpan(spans, 'escalated')!;
    expect(root.attributes['sampling.reason']).toBe('critical');
    expect(sampled(root)).toBe(true);
    const load = traceOf(spans, root).find((s) => s.name === 'orders.load');
    expect(load && sampled(load)).toBe(true);
    expect(serverSpan(spans, 'not-escalated')).toBeUndefined();
  });

  it('follows a sampled remote parent (reason parent) and keeps an unsampled caller’s failed request (reason error)', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await request(t.app.getHttpServer())
      .get('/api/orders/9')
      .set('X-Request-Id', 'remote-sampled')
      .set('traceparent', `00-${traceId}-b7ad6b7169203331-01`)
      .expect(200);
    const unsampledTrace = '1af7651916cd43dd8448eb211c80319d';
    await request(t.app.getHttpServer())
      .get('/api/orders/9/fail')
      .set('X-Request-Id', 'remote-unsampled')
      .set('traceparent', `00-${unsampledTrace}-c7ad6b7169203332-00`)
      .expect(500);
    const spans = await waitForSpans(
      t,
      (s) => serverSpan(s, 'remote-sampled') !== undefined && serverSpan(s, 'remote-unsampled') !== undefined,
    );
    const fromSampled = serverSpan(spans, 'remote-sampled')!;
    expect(fromSampled.spanContext().traceId).toBe(traceId);
    expect(fromSampled.parentSpanContext).toMatchObject({ spanId: 'b7ad6b7169203331', isRemote: true });
    expect(fromSampled.attributes['sampling.reason']).toBe('parent');
    const fromUnsampled = serverSpan(spans, 'remote-unsampled')!;
    expect(fromUnsampled.spanContext().traceId).toBe(unsampledTrace);
    expect(fromUnsampled.attributes['sampling.reason']).toBe('error');
  });
});

describe('ratio sampling', () => {
  let t: TracingApp;

  beforeAll(async () => {
    t = await bootTracingApp({
      tracing: {
        sample_rate: 0.25,
        slow_threshold: NEVER_SLOW,
        reservoir_per_second: 0,
        target_traces_per_second: 0,
        max_traces_per_second: 1_000_000,
        intelligent_sampling: false,
      },
    });
  });
  afterAll(async () => {
    await t.app.close();
  });

  // 800 requests one after the other: several seconds on a busy machine, beyond the default 20 s with every core taken.
  it('keeps sample_rate of the traces within statistical bounds (n=800, p=0.25: 5 sigma is ±61)', { timeout: 90_000 }, async () => {
    const n = 800;
    const agent = request.agent(t.app.getHttpServer());
    for (let i = 0; i < n; i++) await agent.get(`/api/orders/r${i}`).set('X-Request-Id', `ratio-${i}`).expect(200);
    const spans = await t.spans();
    const roots = spans.filter((s) => s.kind === SpanKind.SERVER && String(s.attributes['request_id']).startsWith('ratio-'));
    expect(roots.length).toBeGreaterThan(200 - 61);
    expect(roots.length).toBeLessThan(200 + 61);
    expect(roots.every((r) => r.attributes['sampling.reason'] === 'ratio')).toBe(true);
    // Sampled traces are whole: each kept root has its @Traced children.
    const kept = new Set(roots.map((r) => r.spanContext().traceId));
    expect(spans.filter((s) => s.name === 'orders.load' && kept.has(s.spanContext().traceId))).toHaveLength(roots.length);
  });
});

describe('two apps in one process', () => {
  it('each has its own provider and exporter: neither sees the other’s spans', async () => {
    const a = await bootTracingApp();
    const b = await bootTracingApp();
    try {
      await request(a.app.getHttpServer()).get('/api/orders/a').set('X-Request-Id', 'from-a').expect(200);
      await request(b.app.getHttpServer()).get('/api/orders/b').set('X-Request-Id', 'from-b').expect(200);
      const spansA = await waitForSpans(a, (s) => serverSpan(s, 'from-a') !== undefined);
      const spansB = await waitForSpans(b, (s) => serverSpan(s, 'from-b') !== undefined);
      expect(serverSpan(spansA, 'from-b')).toBeUndefined();
      expect(serverSpan(spansB, 'from-a')).toBeUndefined();
    } finally {
      await a.app.close();
      await b.app.close();
    }
  });
});

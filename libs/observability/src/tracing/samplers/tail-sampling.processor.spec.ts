import { context, SpanStatusCode, trace, TraceFlags, type HrTime, type Span } from '@opentelemetry/api';
import { SamplingDecision, TracerProvider, type ReadableSpan, type Sampler } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SpanDropCounter } from '../runtime/drop-counter.js';
import { TailSamplingProcessor, type TailSamplingOptions } from './tail-sampling.processor.js';

/** Spans are recorded but not sampled, as the head sampler leaves them for the tail; `sampled` opts one in. */
const recordOnly: Sampler = {
  shouldSample: (_context, _traceId, _name, _kind, attributes) => ({
    decision: attributes['test.sampled'] ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.RECORD,
  }),
  toString: () => 'recordOnly',
};

/** Span times are given explicitly: a duration is what the test says, never what the machine took. */
const at = (ms: number): HrTime => [1_000 + Math.floor(ms / 1_000), (ms % 1_000) * 1_000_000];

const DEFAULTS: TailSamplingOptions = { maxTraces: 10, maxSpansPerTrace: 5, maxSpans: 20, maxAgeMs: 1_000, slowThresholdMs: 50 };

function setup(options: Partial<TailSamplingOptions> = {}) {
  const exported: ReadableSpan[] = [];
  const drops = new SpanDropCounter();
  const tail = new TailSamplingProcessor({ ...DEFAULTS, now: () => Date.now(), ...options }, { add: (s) => exported.push(s) }, drops);
  const provider = new TracerProvider({ sampler: recordOnly, spanProcessors: [tail] });
  const tracer = provider.getTracer('tail-spec');
  const root = (name = 'GET /orders', attributes = {}): Span => tracer.startSpan(name, { startTime: at(0), attributes });
  const child = (parent: Span, name = 'db.query'): Span =>
    tracer.startSpan(name, { startTime: at(1) }, trace.setSpan(context.active(), parent));
  const names = () => exported.map((s) => s.name);
  return { tail, drops, exported, names, root, child, provider };
}

const sampled = (s: ReadableSpan) => (s.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;

describe('TailSamplingProcessor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes spans sampled at the head straight through', () => {
    const { root, names, tail } = setup();
    root('GET /sampled', { 'test.sampled': true }).end(at(1));
    expect(names()).toEqual(['GET /sampled']);
    expect(tail.stats()).toEqual({ traces: 0, spans: 0 });
  });

  it('holds a trace until its local root ends, then drops it quietly when it was fast and fine', () => {
    const { root, child, names, tail, drops } = setup();
    const r = root();
    child(r).end(at(5));
    child(r).end(at(6));
    expect(tail.stats()).toEqual({ traces: 1, spans: 2 });
    r.end(at(49));
    expect(names()).toEqual([]);
    expect(tail.stats()).toEqual({ traces: 0, spans: 0 });
    expect(drops.snapshot()).toEqual({});
  });

  it('exports a failed trace whole, flagged sampled, the root saying why', () => {
    const { root, child, exported, names } = setup();
    const r = root();
    child(r, 'inventory.reserve').end(at(5));
    r.setStatus({ code: SpanStatusCode.ERROR });
    r.end(at(10));
    expect(names()).toEqual(['inventory.reserve', 'GET /orders']);
    expect(exported.every(sampled)).toBe(true);
    expect(exported[1]!.attributes).toEqual({ 'sampling.reason': 'error' });
    expect(exported[0]!.parentSpanContext?.spanId).toBe(r.spanContext().spanId);
  });

  it('keeps a root that lasted slow_threshold or longer (reason slow), not one a millisecond shorter', () => {
    const { root, exported } = setup({ slowThresholdMs: 50 });
    const fast = root('GET /fast');
    const slow = root('GET /slow');
    fast.end(at(49));
    slow.end(at(50));
    expect(exported.map((s) => [s.name, s.attributes['sampling.reason']])).toEqual([['GET /slow', 'slow']]);
  });

  it('keeps a trace marked mid-way (reason critical), an error notwithstanding', () => {
    const { root, child, tail, exported } = setup();
    const r = root();
    tail.keep(r.spanContext().traceId, 'critical');
    expect(tail.isKept(r.spanContext().traceId)).toBe(true);
    expect(tail.keptReason(r.spanContext().traceId)).toBe('critical');
    child(r).end(at(2));
    r.setStatus({ code: SpanStatusCode.ERROR });
    r.end(at(3));
    expect(exported.map((s) => s.name)).toEqual(['db.query', 'GET /orders']);
    expect(exported[1]!.attributes['sampling.reason']).toBe('critical');
  });

  it('sends spans that end after a kept root after it, and lets those of a discarded root go uncounted', () => {
    const { root, child, names, drops } = setup();
    const kept = root('GET /kept');
    const lateKept = child(kept, 'late.kept');
    kept.setStatus({ code: SpanStatusCode.ERROR });
    kept.end(at(2));
    lateKept.end(at(3));
    const discarded = root('GET /discarded');
    const lateDiscarded = child(discarded, 'late.discarded');
    discarded.end(at(2));
    lateDiscarded.end(at(3));
    expect(names()).toEqual(['GET /kept', 'late.kept']);
    expect(drops.snapshot()).toEqual({});
  });

  it('holds at most max_spans_per_trace per trace: the rest are counted and the kept root says truncated', () => {
    const { root, child, exported, drops } = setup({ maxSpansPerTrace: 3 });
    const r = root();
    for (let i = 0; i < 5; i++) child(r, `step.${i}`).end(at(2));
    r.setStatus({ code: SpanStatusCode.ERROR });
    r.end(at(3));
    expect(exported.map((s) => s.name)).toEqual(['step.0', 'step.1', 'step.2', 'GET /orders']);
    expect(exported[3]!.attributes).toEqual({ 'sampling.reason': 'error', 'sampling.truncated': true });
    expect(drops.snapshot()).toEqual({ tail_span_limit: 2 });
  });

  it('holds at most max_spans in all', () => {
    const { root, child, tail, drops } = setup({ maxSpans: 4, maxSpansPerTrace: 10 });
    const a = root('GET /a');
    const b = root('GET /b');
    for (let i = 0; i < 3; i++) child(a).end(at(2));
    for (let i = 0; i < 3; i++) child(b).end(at(2));
    expect(tail.stats()).toEqual({ traces: 2, spans: 4 });
    expect(drops.snapshot()).toEqual({ tail_span_limit: 2 });
  });

  it('holds at most max_traces: the spans of a trace that found it full are counted, kept or not', () => {
    const { root, child, tail, names, drops } = setup({ maxTraces: 2 });
    const held = [root('GET /1'), root('GET /2')];
    const overflow = root('GET /3');
    expect(tail.stats().traces).toBe(2);
    child(overflow).end(at(2));
    child(overflow).end(at(2));
    overflow.setStatus({ code: SpanStatusCode.ERROR });
    overflow.end(at(3));
    // The root itself decides on its own: it is exported, marked as missing its children.
    expect(names()).toEqual(['GET /3']);
    expect(drops.snapshot()).toEqual({ tail_buffer_full: 2 });
    for (const r of held) r.end(at(3));
  });

  it('expires a trace whose root has not ended after max_age, on its clock, and counts its spans', async () => {
    const { root, child, tail, drops } = setup({ maxAgeMs: 1_000 });
    const r = root();
    child(r).end(at(2));
    child(r).end(at(3));
    await vi.advanceTimersByTimeAsync(999);
    expect(tail.stats()).toEqual({ traces: 1, spans: 2 });
    await vi.advanceTimersByTimeAsync(1);
    expect(tail.stats()).toEqual({ traces: 0, spans: 0 });
    expect(drops.snapshot()).toEqual({ tail_expired: 2 });
  });

  it('decides a trace opened for a deferred server span when told: kept (held spans exported) or discarded', () => {
    const { tail, names, exported, provider } = setup({ maxTraces: 2 });
    const tracer = provider.getTracer('tail-spec');
    const [keptId, droppedId, lateId] = ['a', 'b', 'c'].map((c) => c.repeat(32)) as [string, string, string];
    // The server span is not an SDK span: the request's spans are children of its (local) span context.
    const inRequest = (traceId: string) =>
      trace.setSpanContext(context.active(), { traceId, spanId: 'f'.repeat(16), traceFlags: TraceFlags.NONE });
    tail.open(keptId);
    tail.open(droppedId);
    tail.open(lateId);
    tracer.startSpan('work.kept', { startTime: at(0) }, inRequest(keptId)).end(at(1));
    tracer.startSpan('work.dropped', { startTime: at(0) }, inRequest(droppedId)).end(at(1));
    expect(tail.stats()).toEqual({ traces: 2, spans: 2 });
    expect(tail.settle(keptId, 'error')).toBe(false);
    expect(tail.settle(droppedId, undefined)).toBe(false);
    tracer.startSpan('late.kept', { startTime: at(2) }, inRequest(keptId)).end(at(3));
    tracer.startSpan('late.dropped', { startTime: at(2) }, inRequest(droppedId)).end(at(3));
    expect(names()).toEqual(['work.kept', 'late.kept']);
    expect(exported.every(sampled)).toBe(true);
    expect(tail.stats()).toEqual({ traces: 0, spans: 0 });
    // The third trace found the buffer full: keeping it says spans were lost.
    expect(tail.settle(lateId, 'slow')).toBe(true);
  });

  it('counts what it still holds as dropped at shutdown, and stops its sweeper', async () => {
    const { root, child, tail, drops } = setup();
    const r = root();
    child(r).end(at(2));
    child(r).end(at(2));
    await tail.shutdown();
    expect(drops.snapshot()).toEqual({ shutdown: 2 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

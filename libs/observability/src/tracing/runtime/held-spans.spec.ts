import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { SpanDropCounter } from './drop-counter.js';
import { HeldSpans } from './held-spans.js';
import { SwitchableTracerProvider } from './switchable-tracer-provider.js';

const span = (name: string) => ({ name }) as ReadableSpan;

describe('HeldSpans', () => {
  it('holds at most max spans, counts the rest as dropped, and hands them over in order when settled', () => {
    const drops = new SpanDropCounter();
    const held = new HeldSpans(2, drops);
    for (const name of ['a', 'b', 'c']) held.add(span(name));
    expect(held.size).toBe(2);
    expect(drops.snapshot()).toEqual({ queue_full: 1 });
    const target: ReadableSpan[] = [];
    held.settle({ add: (s) => target.push(s) });
    held.add(span('d'));
    expect(target.map((s) => s.name)).toEqual(['a', 'b', 'd']);
    expect(held.size).toBe(0);
  });
});

describe('SwitchableTracerProvider', () => {
  it('a tracer handed out before the switch starts its spans in the provider of the moment', () => {
    const [first, second] = [new InMemorySpanExporter(), new InMemorySpanExporter()];
    const provider = (exporter: InMemorySpanExporter) => new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const board = new SwitchableTracerProvider(provider(first));
    const tracer = board.getTracer('early');
    tracer.startSpan('before').end();
    board.use(provider(second));
    tracer.startSpan('after').end();
    tracer.startActiveSpan('active', (s) => s.end());
    expect(first.getFinishedSpans().map((s) => s.name)).toEqual(['before']);
    expect(second.getFinishedSpans().map((s) => s.name)).toEqual(['after', 'active']);
  });
});

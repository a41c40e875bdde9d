import 'reflect-metadata';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { MetricsModule, MetricsService, TracingService } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { bootTracingApp, type TracingApp } from './helpers/tracing-app.js';

/** Holds requests inside their handler until released, so that their traces stay open in the tail buffer. */
@Injectable()
class Gate {
  arrived = 0;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  async pass(): Promise<void> {
    this.arrived++;
    await this.opened;
  }

  release(): void {
    this.open();
  }
}

const PAYLOAD = 'x'.repeat(200);

@Controller('flood')
class FloodController {
  constructor(
    private readonly gate: Gate,
    private readonly tracing: TracingService,
  ) {}

  /** `n` child spans of the request's span, each with ~2 KB of attributes, then wait at the gate. */
  @Get(':n')
  async flood(@Param('n') n: string): Promise<{ ok: true }> {
    for (let i = 0; i < Number(n); i++) {
      const span = this.tracing.tracer.startSpan('work');
      for (let a = 0; a < 10; a++) span.setAttribute(`payload.${a}`, `${PAYLOAD}${i}`);
      span.end();
    }
    await this.gate.pass();
    return { ok: true };
  }
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('the tail buffer under a flood', () => {
  let t: TracingApp | undefined;
  afterEach(async () => {
    await t?.app.close();
  });

  it('stays within its bounds (spans held, retained heap) and counts every span it drops, by reason', async () => {
    t = await bootTracingApp({
      // Held at the gate for as long as the machine takes: with the default threshold they could end up kept as slow.
      tracing: { sample_rate: 0, slow_threshold: '10m', tail_buffer: { max_traces: 20, max_spans_per_trace: 10, max_spans: 100 } },
      imports: [MetricsModule.forRoot({ metrics: { namespace: 'shop', default_metrics: false } })],
      controllers: [FloodController],
      providers: [Gate],
    });
    const gate = t.app.get(Gate);
    const tracing = t.app.get(TracingService);
    const server = t.app.getHttpServer();
    const before = heapUsed();
    const requests = Array.from({ length: 100 }, () => request(server).get('/flood/100').expect(200).then());
    await eventually(() => gate.arrived === 100);
    const during = heapUsed();

    // 100 traces of 100 spans (10,000 spans, ~20 MB unbounded): 20 traces admitted, 100 spans held in all.
    expect(tracing.tailBuffer()).toEqual({ traces: 20, spans: 100 });
    expect(tracing.droppedSpans()).toEqual({ tail_buffer_full: 80 * 100, tail_span_limit: 20 * 100 - 100 });
    // The 100 open requests themselves (sockets, req/res, contexts) are most of what is retained.
    expect(during - before).toBeLessThan(8 * 1024 * 1024);

    gate.release();
    await Promise.all(requests);
    await eventually(() => tracing.tailBuffer().traces === 0);
    expect(tracing.tailBuffer()).toEqual({ traces: 0, spans: 0 });
    expect(await t.spans()).toEqual([]);
    const exposition = await t.app.get(MetricsService).registry.metrics();
    expect(exposition).toContain('shop_spans_dropped_total{reason="tail_buffer_full"} 8000');
    expect(exposition).toContain('shop_spans_dropped_total{reason="tail_span_limit"} 1900');
  });

  it('drops (and counts) traces whose root outlives max_age', async () => {
    t = await bootTracingApp({
      tracing: { sample_rate: 0, tail_buffer: { max_age: '200ms' } },
      controllers: [FloodController],
      providers: [Gate],
    });
    const gate = t.app.get(Gate);
    const tracing = t.app.get(TracingService);
    const requests = Array.from({ length: 5 }, () => request(t!.app.getHttpServer()).get('/flood/3').expect(200).then());
    await eventually(() => gate.arrived === 5);
    expect(tracing.tailBuffer()).toEqual({ traces: 5, spans: 15 });
    await eventually(() => tracing.tailBuffer().traces === 0);
    expect(tracing.droppedSpans()).toEqual({ tail_expired: 15 });
    gate.release();
    await Promise.all(requests);
  });
});

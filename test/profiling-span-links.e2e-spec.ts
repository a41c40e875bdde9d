import 'reflect-metadata';
import { Controller, Get, InternalServerErrorException, Module, type INestApplication } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { TracingModule, TracingService } from 'nestjs-observability';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { bootProfilingApp, samplesOf, spinHotLoop } from './helpers/profiling-app.js';
import { FakePyroscope } from './helpers/pyroscope-server.js';

const activeSpanId = (): string => trace.getActiveSpan()?.spanContext().spanId ?? '';

@Controller('spin')
class SpinController {
  /** An ordinary request: with `sample_rate: 0` and nothing slow, the tail sampler drops its trace. */
  @Get('ok')
  ok(): { spanId: string } {
    spinHotLoop(30);
    return { spanId: activeSpanId() };
  }

  /** A failing request: the tail sampler keeps its trace. Its span id comes back in the error message. */
  @Get('fail')
  fail(): never {
    spinHotLoop(30);
    throw new InternalServerErrorException(activeSpanId());
  }
}

@Module({ controllers: [SpinController] })
class SpinModule {}

describe('profiles linked to the traces the suite kept', () => {
  let app: INestApplication | undefined;
  let pyroscope: FakePyroscope | undefined;
  afterEach(async () => {
    await app?.close();
    await pyroscope?.stop();
    app = pyroscope = undefined;
  });

  it("labels samples with the span id of a kept trace, never with a dropped trace's", async () => {
    pyroscope = new FakePyroscope();
    const endpoint = await pyroscope.start();
    const exporter = new InMemorySpanExporter();
    app = await bootProfilingApp({
      profiling: { pyroscope_endpoint: endpoint, upload_interval: '1s' },
      imports: [TracingModule.forRoot({ tracing: { sample_rate: 0, slow_threshold: '10m' }, exporter }), SpinModule],
    });
    const http = request(app.getHttpServer());
    const kept = new Set<string>();
    const dropped = new Set<string>();
    const cpuSamples = () => pyroscope!.ingested.filter((p) => p.params['sampleRate']).flatMap((p) => samplesOf(p.profile));

    await eventually(
      async () => {
        const ok = await http.get('/spin/ok').expect(200);
        dropped.add((ok.body as { spanId: string }).spanId);
        const fail = await http.get('/spin/fail').expect(500);
        kept.add((fail.body as { message: string }).message);
        const samples = cpuSamples();
        expect(samples.some((s) => s.labels['route'] === '/spin/fail' && kept.has(s.labels['span_id'] ?? ''))).toBe(true);
        expect(samples.some((s) => s.labels['route'] === '/spin/ok')).toBe(true);
      },
      { timeoutMs: 30_000 },
    );

    // The kept ones are the traces tracing exported; the others were dropped by the tail decision.
    await app.get(TracingService).flush(2_000);
    const exported = new Set(exporter.getFinishedSpans().map((s) => s.spanContext().spanId));
    expect([...kept].every((id) => exported.has(id))).toBe(true);
    expect([...dropped].some((id) => exported.has(id))).toBe(false);
    expect(dropped.size).toBeGreaterThan(0);
    const samples = cpuSamples();
    expect(samples.filter((s) => s.labels['route'] === '/spin/ok').map((s) => s.labels['span_id'])).toEqual(
      samples.filter((s) => s.labels['route'] === '/spin/ok').map(() => undefined),
    );
    const linked = samples.map((s) => s.labels['span_id']).filter((id): id is string => id !== undefined);
    expect(linked.filter((id) => !kept.has(id))).toEqual([]);
  });
});

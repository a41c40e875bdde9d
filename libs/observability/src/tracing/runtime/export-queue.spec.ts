import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { createServer, type Socket } from 'node:net';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { describe, expect, it } from 'vitest';
import { SpanDropCounter } from './drop-counter.js';
import { ExportQueue } from './export-queue.js';

const span = (name: string) => ({ name }) as unknown as ReadableSpan;

class ScriptedExporter implements SpanExporter {
  readonly batches: string[][] = [];
  shutdownCalled = false;
  constructor(private readonly answer: 'ok' | 'fail' | 'never' | 'throw') {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.batches.push(spans.map((s) => s.name));
    if (this.answer === 'throw') throw new Error('exporter bug');
    if (this.answer === 'ok') done({ code: ExportResultCode.SUCCESS });
    if (this.answer === 'fail') done({ code: ExportResultCode.FAILED, error: new Error('503') });
  }
  shutdown(): Promise<void> {
    this.shutdownCalled = true;
    return this.answer === 'never' ? new Promise(() => undefined) : Promise.resolve();
  }
}

const options = { maxQueueSize: 4, maxExportBatchSize: 2, scheduledDelayMs: 60_000, exportTimeoutMs: 50 };

describe('ExportQueue', () => {
  it('exports a full batch at once and the rest on flush', async () => {
    const exporter = new ScriptedExporter('ok');
    const drops = new SpanDropCounter();
    const queue = new ExportQueue(exporter, { ...options, maxExportBatchSize: 4 }, drops);
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) queue.add(span(name));
    expect(exporter.batches).toEqual([['a', 'b', 'c', 'd']]);
    await queue.flush(1_000);
    expect(exporter.batches).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', 'f'],
    ]);
    expect(drops.snapshot()).toEqual({});
    expect(queue.exportedCount).toBe(6);
  });

  it('counts spans beyond max_queue_size as queue_full while the collector is slow', () => {
    const drops = new SpanDropCounter();
    const queue = new ExportQueue(new ScriptedExporter('never'), { ...options, exportTimeoutMs: 60_000 }, drops);
    for (let i = 0; i < 10; i++) queue.add(span(`s${i}`));
    expect(queue.queued).toBe(4);
    expect(drops.snapshot()).toEqual({ queue_full: 4 });
  });

  it('counts spans of failed, throwing and timed-out exports, and never rejects', async () => {
    for (const [answer, reason] of [
      ['fail', 'export_failed'],
      ['throw', 'export_failed'],
      ['never', 'export_timeout'],
    ] as const) {
      const drops = new SpanDropCounter();
      const queue = new ExportQueue(new ScriptedExporter(answer), options, drops);
      queue.add(span('a'));
      queue.add(span('b'));
      queue.add(span('c'));
      await queue.flush(1_000);
      expect(drops.snapshot()).toEqual({ [reason]: 3 });
    }
  });

  it('shutdown against an exporter that never answers returns by its deadline, counting what is left', async () => {
    const drops = new SpanDropCounter();
    const exporter = new ScriptedExporter('never');
    const queue = new ExportQueue(exporter, { ...options, exportTimeoutMs: 60_000 }, drops);
    for (const name of ['a', 'b', 'c']) queue.add(span(name));
    const left = await queue.shutdown(100);
    expect(exporter.batches).toEqual([['a', 'b']]);
    expect(left).toBe(1);
    expect(drops.snapshot()).toEqual({ shutdown: 1 });
    expect(exporter.shutdownCalled).toBe(true);
    queue.add(span('late'));
    expect(drops.snapshot()).toEqual({ shutdown: 2 });
  });

  it('counts a batch sent to a collector that accepts and never answers as export_timeout, not export_failed', async () => {
    const sockets = new Set<Socket>();
    const blackHole = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as { port: number };
    try {
      const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, timeoutMillis: 100 });
      const drops = new SpanDropCounter();
      // Our own backstop is far off: the exporter's timeout must be what ends the export.
      const queue = new ExportQueue(exporter, { ...options, exportTimeoutMs: 60_000 }, drops);
      const real = new TracerProvider().getTracer('test').startSpan('a');
      real.end();
      queue.add(real as unknown as ReadableSpan);
      await queue.flush(30_000);
      expect(drops.snapshot()).toEqual({ export_timeout: 1 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });
});

import { context, ROOT_CONTEXT } from '../../common/index.js';
import { ExportResultCode, suppressTracing } from './otel-sdk.js';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { settleWithin } from './deadline.js';
import type { SpanDropCounter } from './drop-counter.js';

export interface ExportQueueOptions {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  /** One export call may take this long; then its spans count as dropped and the queue moves on. */
  exportTimeoutMs: number;
}

/**
 * The bounded queue between span end and the exporter, doing what a BatchSpanProcessor does plus what it does
 * not: it takes spans from the tail sampler whatever their sampled flag, counts every span it loses by reason
 * (full queue, failed or timed-out export, shutdown), and flushes against a deadline instead of the exporter's
 * own timeouts. One export is in flight at a time; the timer is unref'd.
 */
export class ExportQueue {
  private queue: ReadableSpan[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private closed = false;
  private exported = 0;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly options: ExportQueueOptions,
    private readonly drops: SpanDropCounter,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  get exportedCount(): number {
    return this.exported;
  }

  add(span: ReadableSpan): void {
    if (this.closed) {
      this.drops.add('shutdown');
      return;
    }
    if (this.queue.length >= this.options.maxQueueSize) {
      this.drops.add('queue_full');
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.options.maxExportBatchSize) this.kick();
    else this.schedule();
  }

  /** Exports everything queued, waiting at most `ms`. Never rejects; what is left stays queued. */
  async flush(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.queue.length > 0 || this.inFlight) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return;
      const step = this.inFlight ?? this.exportBatch();
      if (!(await settleWithin(step, remaining))) return;
    }
  }

  /** Flushes within `ms`, then shuts the exporter down within what is left. Spans still queued count as dropped. */
  async shutdown(ms: number): Promise<number> {
    const deadline = Date.now() + ms;
    await this.flush(ms);
    this.closed = true;
    this.clearTimer();
    const left = this.queue.length;
    this.queue = [];
    this.drops.add('shutdown', left);
    await settleWithin(
      Promise.resolve().then(() => this.exporter.shutdown()),
      deadline - Date.now(),
    );
    return left;
  }

  private schedule(): void {
    if (this.timer || this.inFlight) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.options.scheduledDelayMs);
    this.timer.unref();
  }

  private kick(): void {
    if (this.inFlight) return;
    this.clearTimer();
    void this.exportBatch();
  }

  private exportBatch(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.queue.length === 0) return Promise.resolve();
    const batch = this.queue.splice(0, this.options.maxExportBatchSize);
    const run = this.send(batch).finally(() => {
      this.inFlight = undefined;
      if (this.queue.length >= this.options.maxExportBatchSize) this.kick();
      else if (this.queue.length > 0 && !this.closed) this.schedule();
    });
    this.inFlight = run;
    return run;
  }

  private send(batch: ReadableSpan[]): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (outcome: 'ok' | 'export_failed' | 'export_timeout'): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (outcome === 'ok') this.exported += batch.length;
        else this.drops.add(outcome, batch.length);
        resolve();
      };
      const timer = setTimeout(() => finish('export_timeout'), this.options.exportTimeoutMs);
      timer.unref();
      // The exporter's own HTTP/gRPC calls must not be traced (they would feed the queue they drain).
      context.with(suppressTracing(ROOT_CONTEXT), () => {
        try {
          this.exporter.export(batch, (result) =>
            finish(result.code === ExportResultCode.SUCCESS ? 'ok' : isTimeout(result.error) ? 'export_timeout' : 'export_failed'),
          );
        } catch {
          finish('export_failed');
        }
      });
    });
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * Whether an exporter's failure was its own timeout: OTLP/HTTP's "Request timed out", gRPC's DEADLINE_EXCEEDED
 * (code 4). A collector that accepts connections and never answers is a timeout, not a refusal.
 */
function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if ((error as { code?: unknown }).code === 4 || error.name === 'TimeoutError') return true;
  return /timed? ?out|deadline exceeded/i.test(error.message);
}

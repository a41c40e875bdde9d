import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from './otel-sdk.js';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * The `memory` exporter: keeps the most recent `maxSpans` exported spans in process (for tests, a debug endpoint,
 * or an app with no collector yet). Older spans are overwritten, so memory stays bounded however long the app runs.
 */
export class MemorySpanExporter implements SpanExporter {
  private readonly ring: (ReadableSpan | undefined)[];
  private next = 0;
  private size = 0;

  constructor(private readonly maxSpans: number) {
    this.ring = new Array<ReadableSpan | undefined>(maxSpans);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    for (const span of spans) {
      this.ring[this.next] = span;
      this.next = (this.next + 1) % this.maxSpans;
      if (this.size < this.maxSpans) this.size++;
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** The kept spans, oldest first. */
  getFinishedSpans(): ReadableSpan[] {
    const out: ReadableSpan[] = [];
    const start = (this.next - this.size + this.maxSpans) % this.maxSpans;
    for (let i = 0; i < this.size; i++) {
      const span = this.ring[(start + i) % this.maxSpans];
      if (span) out.push(span);
    }
    return out;
  }

  reset(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../metrics/index.js';
import type { TracingBinding } from './tracing-binding.js';
import { TRACING_BINDING, type SpanDropReason } from './tracing.constants.js';

/** `<namespace>_spans_dropped_total{reason}` when the app has metrics; tracing works the same without. */
@Injectable()
export class TracingMetrics implements OnModuleInit, OnApplicationShutdown {
  private unsubscribe?: () => void;

  constructor(
    @Inject(TRACING_BINDING) private readonly binding: TracingBinding,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  onModuleInit(): void {
    const runtime = this.binding.runtime;
    if (!runtime || !this.metrics) return;
    const dropped = this.metrics.counter<'reason'>({
      name: 'spans_dropped_total',
      help: 'Spans that never reached the trace backend, by reason (queue_full, export_failed, export_timeout, shutdown, tail_*).',
      labelNames: ['reason'],
    });
    for (const [reason, count] of Object.entries(runtime.drops.snapshot())) dropped.inc({ reason }, count);
    this.unsubscribe = runtime.drops.subscribe((reason: SpanDropReason, count: number) => dropped.inc({ reason }, count));
  }

  /** Drops while the app drains are still counted. */
  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }
}

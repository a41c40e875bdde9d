import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { trace } from '../common/index.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../config/index.js';
import { describeTracing } from './runtime/trace-destination.js';
import type { TracingBinding } from './tracing-binding.js';
import { TRACER_NAME, TRACING_BINDING, TRACING_CONFIG, type SamplingReason, type SpanDropReason } from './tracing.constants.js';
import { TRACING_MESSAGES } from './tracing.messages.js';

/**
 * The app's tracing: its tracer (child spans of whatever is active), the spans kept in process by the `memory`
 * exporter, drop counts, and a way to keep the current trace. Flushes (within `shutdown_timeout`) at shutdown.
 */
@Injectable()
export class TracingService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tracer: Tracer;
  private readonly logger = new Logger('TracingModule');

  constructor(
    @Inject(TRACING_BINDING) private readonly binding: TracingBinding,
    @Inject(TRACING_CONFIG) readonly config: TracingConfig,
  ) {
    this.tracer = binding.runtime?.tracer ?? trace.getTracer(TRACER_NAME);
  }

  /** Tracing is on (enabled in the configuration). */
  get enabled(): boolean {
    return this.binding.runtime !== undefined;
  }

  /** The provider was started by the preload (auto-instrumentation is active). */
  get preloaded(): boolean {
    return this.binding.preloaded;
  }

  /** Spans kept by the `memory` exporter, oldest first (empty with any other exporter). */
  recentSpans(): ReadableSpan[] {
    return this.binding.runtime?.memory?.getFinishedSpans() ?? [];
  }

  /** Spans lost so far, by reason. */
  droppedSpans(): Partial<Record<SpanDropReason, number>> {
    return this.binding.runtime?.drops.snapshot() ?? {};
  }

  /** Traces and spans waiting in the tail buffer for their root to end. */
  tailBuffer(): { traces: number; spans: number } {
    return this.binding.runtime?.tail?.stats() ?? { traces: 0, spans: 0 };
  }

  /** Share of new traces the head sampler keeps beyond its reservoir now (0 when tracing is off). */
  get sampleRate(): number {
    return this.binding.runtime?.ratio.currentProbability ?? 0;
  }

  /**
   * Multiplies the head sampler's ratio by `factor` on behalf of `owner` (a load governor); 1 or undefined lifts it.
   * Errors, slow requests and critical routes are kept as before: they are tail decisions.
   */
  scaleSampleRate(owner: object, factor: number | undefined): void {
    this.binding.runtime?.ratio.setLoadFactor(owner, factor);
  }

  /** Keeps the active trace whatever the sampling says (its root is exported with `sampling.reason`). */
  keepCurrentTrace(reason: SamplingReason = 'critical'): void {
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    if (traceId) this.binding.runtime?.keep(traceId, reason);
  }

  /** Exports what is queued, waiting at most `ms` (default `shutdown_timeout`). Never rejects. */
  flush(ms?: number): Promise<void> {
    return this.binding.runtime?.flush(ms) ?? Promise.resolve();
  }

  /** One line, once the app's logger is in place: where spans go and at what rate. */
  onApplicationBootstrap(): void {
    const runtime = this.binding.runtime;
    this.logger.log(runtime ? describeTracing(runtime.config, runtime.destination) : TRACING_MESSAGES.off());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.binding.release();
  }
}

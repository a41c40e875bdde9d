import type { Tracer } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../../config/schema/tracing.schema.js';
import { AdaptiveRatio } from '../samplers/adaptive-ratio.js';
import { HeadSampler } from '../samplers/head-sampler.js';
import { TailSamplingProcessor } from '../samplers/tail-sampling.processor.js';
import { TRACER_NAME, type SamplingReason } from '../tracing.constants.js';
import { settleWithin } from './deadline.js';
import { SpanDropCounter } from './drop-counter.js';
import { ExportQueue } from './export-queue.js';
import { MemorySpanExporter } from './memory-span-exporter.js';
import { buildResource } from './resource.js';
import { createSpanExporter, OTLP_DEFAULT_TIMEOUT_MS } from './span-exporter.factory.js';

export interface TracingRuntimeOptions {
  /** Export here instead of what `config.exporter` names (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

/** A sink for kept spans when nothing is exported (`exporter: none`): they are simply let go. */
const DISCARD = { add(_span: ReadableSpan): void {} };

/**
 * One tracer provider with its pipeline: head sampler → tail buffer → bounded export queue → exporter. Created by
 * the preload (process-wide, shared by the apps that bind to it) or by a TracingModule on its own (owned by that
 * module instance). Knows nothing of Nest.
 */
export class TracingRuntime {
  readonly provider: TracerProvider;
  readonly tracer: Tracer;
  readonly drops = new SpanDropCounter();
  readonly tail?: TailSamplingProcessor;
  readonly queue?: ExportQueue;
  readonly memory?: MemorySpanExporter;
  private shutdownOnce?: Promise<void>;

  private constructor(
    readonly config: TracingConfig,
    exporter: SpanExporter | undefined,
    env: NodeJS.ProcessEnv,
  ) {
    if (exporter instanceof MemorySpanExporter) this.memory = exporter;
    const timeout = config.timeout ?? (Number(env['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'] ?? env['OTEL_EXPORTER_OTLP_TIMEOUT']) || OTLP_DEFAULT_TIMEOUT_MS);
    if (exporter) {
      this.queue = new ExportQueue(
        exporter,
        {
          maxQueueSize: config.batch.max_queue_size,
          maxExportBatchSize: config.batch.max_export_batch_size,
          scheduledDelayMs: config.batch.scheduled_delay,
          // The exporter gives up at `timeout`; ours is a backstop for an exporter that never calls back.
          exportTimeoutMs: timeout + 1_000,
        },
        this.drops,
      );
    }
    const sink = this.queue ?? DISCARD;
    const processors: SpanProcessor[] = [];
    if (config.intelligent_sampling) {
      this.tail = new TailSamplingProcessor(
        {
          maxTraces: config.tail_buffer.max_traces,
          maxSpansPerTrace: config.tail_buffer.max_spans_per_trace,
          maxSpans: config.tail_buffer.max_spans,
          maxAgeMs: config.tail_buffer.max_age,
          slowThresholdMs: config.slow_threshold,
        },
        sink,
        this.drops,
      );
      processors.push(this.tail);
    } else {
      processors.push(sampledOnly(sink));
    }
    const ratio = new AdaptiveRatio({
      sampleRate: config.sample_rate,
      targetPerSecond: config.target_traces_per_second,
      reservoirPerSecond: config.reservoir_per_second,
      maxPerSecond: config.max_traces_per_second,
    });
    this.provider = new TracerProvider({ resource: buildResource(config, env), sampler: new HeadSampler(ratio, this.tail), spanProcessors: processors });
    this.tracer = this.provider.getTracer(TRACER_NAME);
  }

  static async create(config: TracingConfig, options: TracingRuntimeOptions = {}): Promise<TracingRuntime> {
    const exporter = options.exporter ?? (await createSpanExporter(config));
    return new TracingRuntime(config, exporter, options.env ?? process.env);
  }

  get isShutdown(): boolean {
    return this.shutdownOnce !== undefined;
  }

  /** Keeps the trace (its spans started from now on are sampled; its root is exported with `reason`). */
  keep(traceId: string, reason: SamplingReason): void {
    this.tail?.keep(traceId, reason);
  }

  /** Exports what is queued, waiting at most `ms`. Never rejects. */
  async flush(ms: number = this.config.shutdown_timeout): Promise<void> {
    await this.queue?.flush(ms);
  }

  /**
   * Flushes and shuts the exporter down within `ms` in all (a collector that accepts connections and never
   * answers cannot hold shutdown longer); what could not be exported is counted as dropped. Runs once.
   */
  shutdown(ms: number = this.config.shutdown_timeout): Promise<void> {
    this.shutdownOnce ??= (async () => {
      const deadline = Date.now() + ms;
      await settleWithin(this.provider.shutdown(), ms);
      await this.queue?.shutdown(Math.max(deadline - Date.now(), 0));
    })();
    return this.shutdownOnce;
  }
}

/** Without the tail buffer: sampled spans go to the queue, nothing else is recorded anyway. */
function sampledOnly(sink: { add(span: ReadableSpan): void }): SpanProcessor {
  return {
    onStart: () => undefined,
    onEnd: (span) => {
      if ((span.spanContext().traceFlags & 1) === 1) sink.add(span);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

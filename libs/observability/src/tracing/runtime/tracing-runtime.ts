import type { Attributes, Context, Link, Span, Tracer } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, trace, RedactionPolicy } from '../../common/index.js';
import { hrTime, SamplingDecision, TracerProvider } from './otel-sdk.js';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '../../config/index.js';
import { RedactingSpanExporter } from '../redaction/redacting-span-exporter.js';
import { AdaptiveRatio } from '../samplers/adaptive-ratio.js';
import { HeadSampler, withDecision } from '../samplers/head-sampler.js';
import { DeferredServerSpan } from '../server-span/deferred-server-span.js';
import { TailSamplingProcessor } from '../samplers/tail-sampling.processor.js';
import { SAMPLING_REASON_ATTRIBUTE, TRACER_NAME, type SamplingReason } from '../tracing.constants.js';
import { settleWithin } from './deadline.js';
import { SpanDropCounter } from './drop-counter.js';
import { ExportQueue } from './export-queue.js';
import { HeldSpans, type SpanSink } from './held-spans.js';
import { ForcingIdGenerator } from './forcing-id-generator.js';
import { MemorySpanExporter } from './memory-span-exporter.js';
import { buildResource } from './resource.js';
import { createSpanExporter, OTLP_DEFAULT_TIMEOUT_MS } from './span-exporter.factory.js';
import { resolveTraceDestination, type TraceDestination } from './trace-destination.js';

export interface TracingRuntimeOptions {
  /** Export here instead of what `config.exporter` names (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
  /** Keys redacted in addition to the built-in list (`logging.redact`), in span attributes as in log lines. */
  redact?: readonly string[];
  /**
   * Hold kept spans (at most `batch.max_queue_size`) instead of exporting them, until {@link TracingRuntime.settle}
   * says which pipeline they follow: the preload's, before the app's configuration is known.
   */
  hold?: boolean;
}

/** What the head sampler is asked with for a server span: nothing, and the same nothing every time. */
const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];

/** A sink for kept spans when nothing is exported (`exporter: none`): they are simply let go. */
const DISCARD: SpanSink = { add(_span: ReadableSpan): void {} };

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
  /** Where this runtime's kept spans go: its export queue, or nowhere (`exporter: none`). */
  readonly sink: SpanSink;
  /** The head sampler's ratio (a load governor scales it through TracingService). */
  readonly ratio: AdaptiveRatio;
  private readonly held?: HeldSpans;
  private readonly sampler: HeadSampler;
  private readonly ids = new ForcingIdGenerator();
  private shutdownOnce?: Promise<void>;

  private constructor(
    readonly config: TracingConfig,
    /** Where spans go, by the configuration and OpenTelemetry's environment variables. */
    readonly destination: TraceDestination,
    exporter: SpanExporter | undefined,
    env: NodeJS.ProcessEnv,
    hold: boolean,
    redact: readonly string[],
  ) {
    if (exporter instanceof MemorySpanExporter) this.memory = exporter;
    // Every exported span passes the redaction policy, the in-process memory exporter's included.
    if (exporter) exporter = new RedactingSpanExporter(exporter, new RedactionPolicy(redact));
    const timeout =
      config.timeout ?? (Number(env['OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'] ?? env['OTEL_EXPORTER_OTLP_TIMEOUT']) || OTLP_DEFAULT_TIMEOUT_MS);
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
    this.sink = this.queue ?? DISCARD;
    if (hold) this.held = new HeldSpans(config.batch.max_queue_size, this.drops);
    const sink = this.held ?? this.sink;
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
    this.ratio = new AdaptiveRatio({
      sampleRate: config.sample_rate,
      targetPerSecond: config.target_traces_per_second,
      reservoirPerSecond: config.reservoir_per_second,
      maxPerSecond: config.max_traces_per_second,
    });
    this.sampler = new HeadSampler(this.ratio, this.tail);
    this.provider = new TracerProvider({
      resource: buildResource(config, env),
      sampler: this.sampler,
      idGenerator: this.ids,
      spanProcessors: processors,
    });
    this.tracer = this.provider.getTracer(TRACER_NAME);
  }

  static create(config: TracingConfig, options: TracingRuntimeOptions = {}): TracingRuntime {
    const env = options.env ?? process.env;
    const destination = resolveTraceDestination(config, env);
    const exporter = options.exporter ?? createSpanExporter(config, destination);
    return new TracingRuntime(config, destination, exporter, env, options.hold ?? false, options.redact ?? []);
  }

  /** Spans held until {@link settle} (0 once settled, or when created without `hold`). */
  get heldSpans(): number {
    return this.held?.size ?? 0;
  }

  /** Whether held spans still wait for a pipeline. */
  get holding(): boolean {
    return this.held !== undefined && !this.held.settled;
  }

  /** Held spans, and those kept from now on, follow `target`'s pipeline (this runtime's own by default). */
  settle(target: TracingRuntime = this): void {
    this.held?.settle(target.sink);
  }

  /** Held spans, and those kept from now on, are let go (the app turned tracing off). */
  discard(): void {
    this.held?.settle(DISCARD);
  }

  get isShutdown(): boolean {
    return this.shutdownOnce !== undefined;
  }

  /**
   * Starts a request's server span. Sampled at the head (or without the tail buffer): an SDK span. Otherwise a
   * {@link DeferredServerSpan}: real ids, its trace held in the tail buffer, turned into an SDK span by
   * {@link endServerSpan} only if the request is kept. `startedAtMs` (`performance.now()`) is when the request
   * arrived, if the caller has read the clock already.
   */
  startServerSpan(name: string, parent: Context, startedAtMs?: number): Span {
    if (!this.tail) return this.tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
    // Most requests bring no traceparent, baggage or mark: their context is the root, with nothing to look up.
    const root = parent === ROOT_CONTEXT;
    const parentContext = root ? undefined : trace.getSpanContext(parent);
    const remote = parentContext !== undefined && trace.isSpanContextValid(parentContext);
    const traceId = remote ? parentContext.traceId : this.ids.generateTraceId();
    const decision = root
      ? this.sampler.shouldSampleRoot(traceId)
      : this.sampler.shouldSample(parent, traceId, name, SpanKind.SERVER, NO_ATTRIBUTES, NO_LINKS);
    if (decision.decision === SamplingDecision.RECORD) {
      // Its trace enters the tail buffer only if a span is started under it (TailSamplingProcessor.onStart).
      return new DeferredServerSpan(name, traceId, this.ids.generateSpanId(), parent, startedAtMs);
    }
    if (!remote) this.ids.force(traceId, undefined);
    try {
      return this.tracer.startSpan(name, { kind: SpanKind.SERVER }, withDecision(parent, decision));
    } finally {
      this.ids.clear();
    }
  }

  /**
   * Ends a span from {@link startServerSpan}. A deferred one is created as an SDK span (same ids, start time,
   * attributes, events) and exported with its trace when `reason` says it is kept; otherwise its trace is dropped.
   */
  endServerSpan(span: Span, reason: SamplingReason | undefined): void {
    if (!(span instanceof DeferredServerSpan)) {
      span.end();
      return;
    }
    const { traceId, spanId } = span.spanContext();
    if (reason === undefined || !this.tail) {
      this.tail?.settle(traceId, undefined);
      return;
    }
    const parentContext = trace.getSpanContext(span.parent);
    const remote = parentContext !== undefined && trace.isSpanContextValid(parentContext);
    this.ids.force(remote ? undefined : traceId, spanId);
    let kept: Span;
    try {
      kept = this.tracer.startSpan(
        span.name,
        {
          kind: SpanKind.SERVER,
          startTime: span.startTime,
          attributes: { ...span.attributes, [SAMPLING_REASON_ATTRIBUTE]: reason },
          links: span.links,
        },
        withDecision(span.parent),
      );
    } finally {
      this.ids.clear();
    }
    for (const event of span.events) kept.addEvent(event.name, event.attributes, event.time);
    if (span.status) kept.setStatus(span.status);
    if (this.tail.settle(traceId, reason)) kept.setAttribute('sampling.truncated', true);
    kept.end(hrTime());
  }

  /** Why the trace is kept already, if it is (a critical decision made in code). */
  keptReason(traceId: string): SamplingReason | undefined {
    return this.tail?.keptReason(traceId);
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
      // Nothing told held spans where to go: they follow this runtime's own configuration.
      if (this.holding) this.settle();
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

import type { Context, SpanContext } from '@opentelemetry/api';
import { SpanStatusCode, TraceFlags, trace as otelTrace } from '../../common/index.js';
import { hrTimeToMilliseconds } from '../runtime/otel-sdk.js';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanDropCounter } from '../runtime/drop-counter.js';
import { DeferredServerSpan } from '../server-span/deferred-server-span.js';
import { SAMPLING_REASON_ATTRIBUTE, type SamplingReason } from '../tracing.constants.js';
import type { TailDecisions } from './head-sampler.js';

export interface TailSamplingOptions {
  maxTraces: number;
  maxSpansPerTrace: number;
  maxSpans: number;
  maxAgeMs: number;
  slowThresholdMs: number;
  now?: () => number;
}

/** Where kept spans go (the export queue). */
export interface SpanSink {
  add(span: ReadableSpan): void;
}

interface PendingTrace {
  readonly startedAt: number;
  readonly spans: ReadableSpan[];
  kept?: SamplingReason;
  truncated: boolean;
}

const KEEP = 'keep';
/** The trace arrived while the buffer was full: its spans are dropped, and counted. */
const OVERFLOW = 'overflow';
type Decision = typeof KEEP | typeof OVERFLOW;

/**
 * The tail decision. Sampled spans pass straight to the export queue. Spans of traces the head did not sample are
 * held per trace until the trace's local root ends; the root's end decides: exported whole (flagged sampled, the
 * root carrying `sampling.reason`) if it failed (status ERROR: 5xx or an exception), was slow, or was kept earlier
 * (critical route); otherwise discarded. Bounded in traces, spans per trace, spans overall and age; every span it
 * cannot hold is counted. Keep decisions are remembered for a while so spans that end after their root follow them.
 */
export class TailSamplingProcessor implements SpanProcessor, TailDecisions {
  private readonly pending = new Map<string, PendingTrace>();
  private readonly decided = new Map<string, Decision>();
  private readonly now: () => number;
  private spanCount = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly options: TailSamplingOptions,
    private readonly sink: SpanSink,
    private readonly drops: SpanDropCounter,
  ) {
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.expire(), Math.min(Math.max(options.maxAgeMs / 2, 50), 5_000));
    this.sweeper.unref();
  }

  /** Spans and traces held right now. */
  stats(): { traces: number; spans: number } {
    return { traces: this.pending.size, spans: this.spanCount };
  }

  isKept(traceId: string): boolean {
    return this.pending.get(traceId)?.kept !== undefined || this.decided.get(traceId) === KEEP;
  }

  /** Keeps a trace whose root has not ended yet (a critical route, known once routing is done). */
  keep(traceId: string, reason: SamplingReason): void {
    // A request's trace is opened by its first span other than the server span: one kept before has none yet.
    if (!this.pending.has(traceId) && !this.decided.has(traceId)) this.open(traceId);
    const trace = this.pending.get(traceId);
    if (trace && trace.kept === undefined) trace.kept = reason;
  }

  /** Why the trace is already kept (`keep()`), if it is. */
  keptReason(traceId: string): SamplingReason | undefined {
    return this.pending.get(traceId)?.kept;
  }

  /**
   * Starts holding a trace whose local root is not an SDK span (a request's deferred server span). The runtime does
   * not call it for every request: the first span started under a live deferred server span opens its trace (see
   * {@link onStart}), so a request that starts none costs the buffer nothing.
   */
  open(traceId: string): void {
    if (this.pending.has(traceId)) return;
    if (this.pending.size >= this.options.maxTraces) {
      this.remember(traceId, OVERFLOW);
      return;
    }
    this.pending.set(traceId, { startedAt: this.now(), spans: [], truncated: false });
  }

  /**
   * Decides a trace opened with {@link open} once its root is done: with a reason, its spans are exported
   * (flagged sampled) and the decision remembered for late spans; without, they are discarded. Returns whether
   * spans of the trace were lost to the buffer's bounds.
   */
  settle(traceId: string, reason: SamplingReason | undefined): boolean {
    const trace = this.pending.get(traceId);
    if (trace) {
      this.pending.delete(traceId);
      this.spanCount -= trace.spans.length;
    }
    if (reason === undefined) return false;
    const overflowed = this.decided.get(traceId) === OVERFLOW;
    this.remember(traceId, KEEP);
    if (trace) for (const span of trace.spans) this.sink.add(asSampled(span));
    return overflowed || trace?.truncated === true;
  }

  onStart(span: Span, parentContext: Context): void {
    const spanContext = span.spanContext();
    if (isSampled(spanContext)) return;
    const traceId = spanContext.traceId;
    if (isLocalRoot(span)) this.open(traceId);
    else if (!this.pending.has(traceId) && !this.decided.has(traceId)) {
      const parent = otelTrace.getSpan(parentContext);
      if (parent instanceof DeferredServerSpan && parent.isRecording()) this.open(traceId);
    }
  }

  onEnding(span: Span): void {
    if (isSampled(span.spanContext()) || !isLocalRoot(span)) return;
    const trace = this.pending.get(span.spanContext().traceId);
    const reason =
      trace?.kept ??
      (span.status.code === SpanStatusCode.ERROR
        ? 'error'
        : hrTimeToMilliseconds(span.duration) >= this.options.slowThresholdMs
          ? 'slow'
          : undefined);
    if (reason) {
      span.setAttribute(SAMPLING_REASON_ATTRIBUTE, reason);
      if (!trace || trace.truncated) span.setAttribute('sampling.truncated', true);
    }
  }

  onEnd(span: ReadableSpan): void {
    const spanContext = span.spanContext();
    if (isSampled(spanContext)) {
      this.sink.add(span);
      return;
    }
    const traceId = spanContext.traceId;
    if (isLocalRoot(span)) {
      this.decide(traceId, span);
      return;
    }
    const trace = this.pending.get(traceId);
    if (trace) {
      if (trace.spans.length >= this.options.maxSpansPerTrace || this.spanCount >= this.options.maxSpans) {
        trace.truncated = true;
        this.drops.add('tail_span_limit');
        return;
      }
      trace.spans.push(span);
      this.spanCount++;
      return;
    }
    const decision = this.decided.get(traceId);
    if (decision === KEEP) this.sink.add(asSampled(span));
    else if (decision === OVERFLOW) this.drops.add('tail_buffer_full');
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    clearInterval(this.sweeper);
    let held = 0;
    for (const trace of this.pending.values()) held += trace.spans.length;
    this.pending.clear();
    this.spanCount = 0;
    this.drops.add('shutdown', held);
    return Promise.resolve();
  }

  private decide(traceId: string, root: ReadableSpan): void {
    const trace = this.pending.get(traceId);
    if (trace) {
      this.pending.delete(traceId);
      this.spanCount -= trace.spans.length;
    }
    const keep = root.attributes[SAMPLING_REASON_ATTRIBUTE] !== undefined;
    // Spans ending after a discarded root find no trace and no decision, and go quietly: only "keep" (and
    // "could not hold") need remembering, which spares the common case a map write.
    if (!keep) return;
    this.remember(traceId, KEEP);
    if (trace) for (const span of trace.spans) this.sink.add(asSampled(span));
    this.sink.add(asSampled(root));
  }

  private remember(traceId: string, decision: Decision): void {
    this.decided.set(traceId, decision);
    if (this.decided.size > this.options.maxTraces) {
      const oldest = this.decided.keys().next().value;
      if (oldest !== undefined) this.decided.delete(oldest);
    }
  }

  private expire(): void {
    const cutoff = this.now() - this.options.maxAgeMs;
    for (const [traceId, trace] of this.pending) {
      if (trace.startedAt > cutoff) break;
      this.pending.delete(traceId);
      this.spanCount -= trace.spans.length;
      this.drops.add('tail_expired', trace.spans.length);
    }
  }
}

function isSampled(spanContext: SpanContext): boolean {
  return (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

function isLocalRoot(span: ReadableSpan): boolean {
  return span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
}

/**
 * The span as exported once kept: its flags say sampled, as they would have had the head picked it. A view over
 * the original (the SDK's span is read-only once ended), created only for the few traces the tail keeps.
 */
function asSampled(span: ReadableSpan): ReadableSpan {
  const spanContext = { ...span.spanContext(), traceFlags: span.spanContext().traceFlags | TraceFlags.SAMPLED };
  return Object.create(span, { spanContext: { value: () => spanContext } }) as ReadableSpan;
}

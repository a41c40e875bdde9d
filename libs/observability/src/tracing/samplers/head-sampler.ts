import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { createContextKey, trace, TraceFlags } from '../../common/index.js';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import { SamplingDecision } from '../runtime/otel-sdk.js';
import { SAMPLING_REASON_ATTRIBUTE } from '../tracing.constants.js';
import type { AdaptiveRatio } from './adaptive-ratio.js';
import { isMarkedCritical } from './critical-routes.js';

/** What the head sampler asks the tail buffer. */
export interface TailDecisions {
  /** The trace was kept mid-way (critical route) or at its local root's end: later spans are sampled. */
  isKept(traceId: string): boolean;
}

const NOT_RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
const RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });
const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const BY_RATIO: SamplingResult = Object.freeze({
  decision: SamplingDecision.RECORD_AND_SAMPLED,
  attributes: Object.freeze({ [SAMPLING_REASON_ATTRIBUTE]: 'ratio' }),
});
const BY_CRITICAL: SamplingResult = Object.freeze({
  decision: SamplingDecision.RECORD_AND_SAMPLED,
  attributes: Object.freeze({ [SAMPLING_REASON_ATTRIBUTE]: 'critical' }),
});
const BY_PARENT: SamplingResult = Object.freeze({
  decision: SamplingDecision.RECORD_AND_SAMPLED,
  attributes: Object.freeze({ [SAMPLING_REASON_ATTRIBUTE]: 'parent' }),
});

/**
 * Parent-based head sampling with a tail in mind. A sampled parent (remote or local) samples its children; a
 * request to a critical route is sampled from its first span; other local roots are sampled by the adaptive ratio. Everything else is RECORDed but not sampled when the tail buffer is
 * on: the span is built (so its status and duration can be judged when the local root ends) but carries no
 * sampled flag, so BatchSpanProcessor-style exporters and downstream services ignore it unless the tail decides
 * to keep the trace. Once kept, spans started afterwards are sampled, and their outbound traceparent says so.
 */
/** Set on the context of a span whose sampling was decided already (a request span created after the fact). */
const DECIDED = createContextKey('nestjs-observability.sampling-decided');

/** The context in which a span is created with `decision` (already taken), without asking the ratio again. */
export function withDecision(context: Context, decision: SamplingResult = SAMPLED): Context {
  return context.setValue(DECIDED, decision);
}

export class HeadSampler implements Sampler {
  constructor(
    private readonly ratio: AdaptiveRatio,
    private readonly tail: TailDecisions | undefined,
  ) {}

  shouldSample(context: Context, traceId: string, _name: string, _kind: SpanKind, _attributes: Attributes, _links: Link[]): SamplingResult {
    const decided = context.getValue(DECIDED) as SamplingResult | undefined;
    if (decided) return decided;
    const parent = trace.getSpan(context);
    const parentContext = parent?.spanContext();
    if (!parent || !parentContext || !trace.isSpanContextValid(parentContext)) {
      if (isMarkedCritical(context)) return BY_CRITICAL;
      return this.shouldSampleRoot(traceId);
    }
    const sampled = (parentContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    if (parentContext.isRemote) {
      if (sampled) return BY_PARENT;
      // The caller did not sample; a critical route is kept anyway, and the rest is kept if it fails or is slow.
      if (isMarkedCritical(context)) return BY_CRITICAL;
      return this.tail ? RECORD : NOT_RECORD;
    }
    if (sampled) return SAMPLED;
    if (!this.tail) return NOT_RECORD;
    if (this.tail.isKept(traceId)) return SAMPLED;
    return parent.isRecording() ? RECORD : NOT_RECORD;
  }

  /**
   * The decision for a trace that starts here with no parent and no critical mark: the ratio's. {@link shouldSample}
   * ends there for such a context; the runtime asks it directly for the root context, which holds nothing to look up.
   */
  shouldSampleRoot(traceId: string): SamplingResult {
    if (this.ratio.shouldKeep(traceId)) return BY_RATIO;
    return this.tail ? RECORD : NOT_RECORD;
  }

  toString(): string {
    return `HeadSampler{ratio, tail=${this.tail ? 'on' : 'off'}}`;
  }
}

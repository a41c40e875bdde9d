import { Inject, Injectable } from '@nestjs/common';
import { TraceFlags } from '../common/index.js';
import { type RequestContext, RequestContextService } from '../context/index.js';
import type { TracingRuntime } from './runtime/tracing-runtime.js';
import type { TracingBinding } from './tracing-binding.js';
import { TRACING_BINDING } from './tracing.constants.js';

/** How many kept server span ids one app remembers; past this the oldest is forgotten. */
export const KEPT_SPANS_LIMIT = 10_000;

/**
 * The span ids of this app's request server spans whose trace was kept — sampled at the head, or kept by the tail
 * decision when the request ended — the latest {@link KEPT_SPANS_LIMIT} of them. One per app (a provider of its
 * TracingModule), so two apps in one process never see each other's. Nothing is recorded until someone asks
 * ({@link start}): an app whose profiling never links profiles to traces pays nothing per request.
 */
@Injectable()
export class KeptSpans {
  private readonly ids = new Set<string>();
  private recording = false;

  constructor(
    @Inject(TRACING_BINDING) private readonly binding: TracingBinding,
    private readonly contexts: RequestContextService,
  ) {}

  /**
   * Starts recording (idempotent); false when tracing is off. Call it once the app's modules are configured: the
   * server spans' own end-of-response hook, which makes the tail decision, must run before this one reads it.
   */
  start(): boolean {
    const runtime = this.binding.runtime;
    if (!runtime) return false;
    if (!this.recording) {
      this.recording = true;
      this.contexts.onResponse((_req, _res, ctx) => this.observe(runtime, ctx));
    }
    return true;
  }

  /** Whether `spanId` is the server span of a trace this app kept (recently enough to be remembered). */
  has(spanId: string): boolean {
    return this.ids.has(spanId);
  }

  private observe(runtime: TracingRuntime, ctx: RequestContext): void {
    const span = ctx.serverSpan;
    if (!span) return;
    const { traceId, spanId, traceFlags } = span.spanContext();
    const sampled = (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    if (!sampled && runtime.tail?.isKept(traceId) !== true) return;
    this.ids.add(spanId);
    if (this.ids.size > KEPT_SPANS_LIMIT) this.ids.delete(this.ids.values().next().value as string);
  }
}

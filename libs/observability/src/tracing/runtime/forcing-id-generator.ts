import type { IdGenerator } from '@opentelemetry/sdk-trace';
import { RandomIds } from '../../common/index.js';

/**
 * Random ids (from the CSPRNG, see {@link RandomIds}: 0.41 of the time OpenTelemetry's `RandomIdGenerator` takes per
 * request, `bench/request-id-micro.mjs`), except when the runtime creates, after the fact, the span of a request whose ids were handed out
 * already (to the request's children, its log lines, its outbound traceparent): then it sets them for one call.
 * Used synchronously around a single `startSpan`, so nothing else can pick the forced ids up.
 */
export class ForcingIdGenerator implements IdGenerator {
  private readonly random = new RandomIds();
  private forcedTraceId?: string;
  private forcedSpanId?: string;

  force(traceId: string | undefined, spanId: string | undefined): void {
    this.forcedTraceId = traceId;
    this.forcedSpanId = spanId;
  }

  clear(): void {
    this.forcedTraceId = undefined;
    this.forcedSpanId = undefined;
  }

  generateTraceId(): string {
    const id = this.forcedTraceId;
    if (id === undefined) return this.random.traceId();
    this.forcedTraceId = undefined;
    return id;
  }

  generateSpanId(): string {
    const id = this.forcedSpanId;
    if (id === undefined) return this.random.spanId();
    this.forcedSpanId = undefined;
    return id;
  }
}

import type {
  Attributes,
  AttributeValue,
  Context,
  Exception,
  HrTime,
  Link,
  Span,
  SpanContext,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import { TraceFlags } from '../../common/index.js';
import { hrTime, timeInputToHrTime } from '../runtime/otel-sdk.js';

const MAX_EVENTS = 128;
const NONE: readonly DeferredEvent[] = Object.freeze([]);

export interface DeferredEvent {
  readonly name: string;
  readonly attributes?: Attributes;
  readonly time: HrTime;
}

/**
 * The server span of a request the head sampler did not pick, while the tail decision is pending. It has real ids
 * (children, log lines and outbound calls use them) and records what is set on it into plain fields, but it is
 * not an SDK span: most such requests end unremarkably and are discarded, and building, processing and
 * collecting an SDK span for each of them is the largest part of what the tail decision would otherwise cost.
 * When the request turns out failed or slow, the runtime creates the SDK span from it, with the same ids.
 */
export class DeferredServerSpan implements Span {
  /** `performance.now()` at the start; turned into an HrTime only for a span that is kept. */
  private readonly startedAtMs: number;
  name: string;
  status?: SpanStatus;
  // Created on first use: most requests set nothing on their server span before it ends.
  private ownAttributes?: Attributes;
  private ownEvents?: DeferredEvent[];
  private ownLinks?: Link[];
  private ended = false;
  private readonly context: SpanContext;

  constructor(
    name: string,
    traceId: string,
    spanId: string,
    /** The context the span started in (the remote parent, baggage). */
    readonly parent: Context,
    startedAtMs = performance.now(),
  ) {
    this.startedAtMs = startedAtMs;
    this.name = name;
    this.context = { traceId, spanId, traceFlags: TraceFlags.NONE };
  }

  get startTime(): HrTime {
    return hrTime(this.startedAtMs);
  }

  get attributes(): Attributes {
    return (this.ownAttributes ??= {});
  }

  get events(): readonly DeferredEvent[] {
    return this.ownEvents ?? NONE;
  }

  get links(): Link[] {
    return (this.ownLinks ??= []);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (!this.ended) this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (!this.ended) Object.assign(this.attributes, attributes);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const events = (this.ownEvents ??= []);
    if (events.length >= MAX_EVENTS) return this;
    const isTime = attributesOrTime instanceof Date || typeof attributesOrTime === 'number' || Array.isArray(attributesOrTime);
    const at = isTime ? attributesOrTime : time;
    events.push({
      name,
      attributes: isTime ? undefined : attributesOrTime,
      time: at === undefined ? hrTime() : timeInputToHrTime(at),
    });
    return this;
  }

  addLink(link: Link): this {
    if (!this.ended) this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    if (!this.ended) this.links.push(...links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (!this.ended) this.status = status;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  /** Stops recording; the runtime decides what becomes of the span when the response is done. */
  end(): void {
    this.ended = true;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes =
      typeof exception === 'string'
        ? { 'exception.message': exception }
        : {
            'exception.type': exception.name ?? String(exception.code ?? ''),
            'exception.message': exception.message ?? '',
            'exception.stacktrace': exception.stack ?? '',
          };
    this.addEvent('exception', attributes, time);
  }
}

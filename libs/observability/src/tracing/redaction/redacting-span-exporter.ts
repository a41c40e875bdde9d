import type { Attributes, AttributeValue, SpanStatus } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace';
import { REDACTED, type RedactionPolicy } from '../../common/index.js';

/**
 * Cleans every span on its way to the exporter: attribute and event-attribute values (a secret-named key's value
 * replaced, URLs and free text cleaned by the redaction policy), the status message and the name. It sits in
 * front of the exporter rather than in a span processor, so spans from OpenTelemetry's own instrumentations are
 * covered like ours, and the work is done only for the spans that are kept (the tail sampler drops the rest
 * before they get here). Spans with nothing to clean are passed on as they are.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly policy: RedactionPolicy,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(
      spans.map((span) => this.clean(span)),
      resultCallback,
    );
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private clean(span: ReadableSpan): ReadableSpan {
    const overrides: PropertyDescriptorMap = {};
    const attributes = this.attributes(span.attributes);
    if (attributes !== span.attributes) overrides['attributes'] = { value: attributes };
    const events = this.events(span.events);
    if (events !== span.events) overrides['events'] = { value: events };
    if (span.status.message !== undefined) {
      const message = this.policy.text(span.status.message);
      if (message !== span.status.message) overrides['status'] = { value: { ...span.status, message } satisfies SpanStatus };
    }
    const name = this.policy.text(span.name);
    if (name !== span.name) overrides['name'] = { value: name };
    // The span's own methods (spanContext()) and fields stay reachable through the prototype.
    return Object.keys(overrides).length === 0 ? span : (Object.create(span, overrides) as ReadableSpan);
  }

  private events(events: TimedEvent[]): TimedEvent[] {
    let out: TimedEvent[] | undefined;
    events.forEach((event, i) => {
      if (!event.attributes) return;
      const attributes = this.attributes(event.attributes);
      if (attributes !== event.attributes) (out ??= events.slice())[i] = { ...event, attributes };
    });
    return out ?? events;
  }

  private attributes(attributes: Attributes): Attributes {
    let out: Attributes | undefined;
    for (const key in attributes) {
      const value = attributes[key];
      const next = this.attribute(key, value);
      if (next !== value) (out ??= { ...attributes })[key] = next;
    }
    return out ?? attributes;
  }

  private attribute(key: string, value: AttributeValue | undefined): AttributeValue | undefined {
    if (value === undefined) return value;
    // `http.request.header.authorization`, `db.connection.password`: the last segment names what it holds.
    const secret = this.policy.isSecretKey(key.slice(key.lastIndexOf('.') + 1));
    if (typeof value === 'string') return secret ? REDACTED : this.policy.text(value);
    if (!Array.isArray(value)) return value;
    let out: typeof value | undefined;
    value.forEach((item, i) => {
      if (typeof item !== 'string') return;
      const next = secret ? REDACTED : this.policy.text(item);
      if (next !== item) ((out ??= [...value] as typeof value) as unknown[])[i] = next;
    });
    return out ?? value;
  }
}

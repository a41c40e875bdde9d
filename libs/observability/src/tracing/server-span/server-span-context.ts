import type { Context, Span } from '@opentelemetry/api';
import { createContextKey } from '../../common/index.js';

/** The key under which `trace.setSpan` / `trace.getSpan` keep the active span (`createContextKey` is `Symbol.for`). */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/**
 * The context a request is served in: its parent (remote span, baggage), its server span and its request context,
 * in one object. `trace.setSpan` and `setValue` would each copy the parent's map; most requests never add to this
 * context, and one that does (a child span) gets the copies then, once.
 */
export class ServerSpanContext implements Context {
  private materialized?: Context;

  constructor(
    private readonly parent: Context,
    private readonly span: Span,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  /** Whether `trace.getSpan` finds the span in this context: a check, once, that the key above is still OpenTelemetry's. */
  static works(span: Span, root: Context, getSpan: (context: Context) => Span | undefined): boolean {
    return getSpan(new ServerSpanContext(root, span, createContextKey('nestjs-observability probe'), undefined)) === span;
  }

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === this.key) return this.value;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.materialize().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.materialize().deleteValue(key);
  }

  private materialize(): Context {
    return (this.materialized ??= this.parent.setValue(SPAN_KEY, this.span).setValue(this.key, this.value));
  }
}

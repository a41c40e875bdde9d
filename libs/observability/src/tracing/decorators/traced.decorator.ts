import type { Attributes, SpanKind } from '@opentelemetry/api';
import { createAspectDecorator } from '../../common/index.js';
import { TRACED_ASPECT } from '../tracing.constants.js';

export interface TracedOptions {
  /** @default SpanKind.INTERNAL */
  kind?: SpanKind;
  /** Span attributes: fixed, or computed from the call's arguments (a function that throws adds none). */
  attributes?: Attributes | ((...args: never[]) => Attributes);
}

/** What the explorer reads back. */
export interface TracedMetadata extends TracedOptions {
  name: string;
}

/**
 * Traces every call of the method as a child span of the active span (the request's, another `@Traced` method's,
 * or none: then the span is a root). Works on providers and controllers, sync and async; an exception is recorded
 * on the span, sets status ERROR, and is re-thrown as is. The method keeps its name, length and metadata.
 *
 * @param name Span name. @default "ClassName.methodName"
 */
export function Traced(name?: string, options: TracedOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    const metadata: TracedMetadata = { ...options, name: name ?? `${target.constructor.name}.${String(key)}` };
    return createAspectDecorator(TRACED_ASPECT, metadata)(target, key, descriptor);
  };
}

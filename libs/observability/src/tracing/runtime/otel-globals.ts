import type { TextMapPropagator } from '@opentelemetry/api';
import { context, propagation } from '../../common/index.js';
import { AsyncLocalStorageContextManager, CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from './otel-sdk.js';

/** W3C traceparent/tracestate and baggage: what the suite reads inbound and the instrumentations write outbound. */
export function createPropagator(): TextMapPropagator {
  return new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
}

/**
 * OpenTelemetry's context manager is process-wide by design: `context.with()` and `trace.getActiveSpan()` (which
 * the logging pillar reads) only work once one is registered. It holds no state of any app, so the first
 * registration serves every app in the process and is never undone by one of them. Returns whether this call
 * registered it.
 */
export function ensureContextManager(): boolean {
  const manager = new AsyncLocalStorageContextManager();
  if (!context.setGlobalContextManager(manager)) return false;
  manager.enable();
  return true;
}

/** Same for the propagator the instrumentations use on outbound calls. */
export function ensurePropagator(propagator: TextMapPropagator): boolean {
  return propagation.setGlobalPropagator(propagator);
}

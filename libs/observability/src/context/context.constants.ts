/** Options token of ContextModule. */
export const CONTEXT_MODULE_OPTIONS = Symbol('OBSERVABILITY:CONTEXT_OPTIONS');

/**
 * Where a request's context is kept on the request object itself. A registered symbol, so that every instance of
 * the suite in one app (a pillar imported twice, two pillars imported alone) finds and shares the same context for
 * the same request. It holds per-request state only; nothing process-wide.
 */
export const REQUEST_CONTEXT_KEY: unique symbol = Symbol.for('nestjs-observability.request-context') as never;

/** Set on Fastify's raw request by an `onRequest` hook: the matched route's options (template and handler). */
export const FASTIFY_ROUTE_KEY: unique symbol = Symbol.for('nestjs-observability.fastify-route-options') as never;

/** The one label value for requests that matched no route (404s from scanners must not each make a series). */
export const UNMATCHED_ROUTE = '__unmatched__';

/**
 * Set on an HTTP server whose requests run inside an OpenTelemetry context that carries their request context (the
 * tracing pillar's server spans): the request lifecycle then needs no AsyncLocalStorage run of its own.
 */
export const CONTEXT_IN_OTEL_KEY: unique symbol = Symbol.for('nestjs-observability.context-in-otel') as never;

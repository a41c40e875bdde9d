/** Raw options given to TracingModule.forRoot / forRootAsync. */
export const TRACING_MODULE_OPTIONS = Symbol('OBSERVABILITY:TRACING_OPTIONS');
/** The validated `observability.tracing` section. */
export const TRACING_CONFIG = Symbol('OBSERVABILITY:TRACING_CONFIG');
/** The module's binding to a tracing runtime (the preload's, or its own). */
export const TRACING_BINDING = Symbol('OBSERVABILITY:TRACING_BINDING');

/** Metadata key (and aspect name) of `@Traced`. */
export const TRACED_ASPECT = Symbol('OBSERVABILITY:TRACED');

/**
 * Where the preload leaves its handle: a registered symbol on `globalThis`, as OpenTelemetry's own API does
 * (`Symbol.for('opentelemetry.js.api.1')`). Auto-instrumentation patches process-wide modules, so a preloaded
 * provider is process-wide by nature; this handle is the one documented place TracingModule finds it.
 */
export const PRELOAD_HANDLE_KEY: unique symbol = Symbol.for('nestjs-observability.tracing.preload') as never;

/** Marks an HTTP server whose requests already get server spans (a second TracingModule in the app adds none). */
export const SERVER_TRACED_KEY: unique symbol = Symbol.for('nestjs-observability.tracing.server-traced') as never;

/** Instrumentation scope of the spans the suite creates itself. */
export const TRACER_NAME = 'nestjs-observability';

/** Attribute on kept local root spans saying why the trace was kept. */
export const SAMPLING_REASON_ATTRIBUTE = 'sampling.reason';

export type SamplingReason = 'error' | 'slow' | 'critical' | 'ratio' | 'parent';

/** Why spans were dropped, the `reason` label of `<namespace>_spans_dropped_total`. */
export type SpanDropReason =
  'queue_full' | 'export_failed' | 'export_timeout' | 'shutdown' | 'tail_buffer_full' | 'tail_span_limit' | 'tail_expired';

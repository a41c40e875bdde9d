/** Texts of the warnings and errors the tracing pillar writes. */
export const TRACING_MESSAGES = {
  noPreload: () =>
    'Tracing started inside Nest, without the preload: outbound HTTP/fetch and database calls get no spans and ' +
    'carry no traceparent, because auto-instrumentation must patch modules before they load. Start the app with ' +
    '`node --import nestjs-observability/register dist/main.js` (or import "nestjs-observability/register" first in main.ts).',
  preloadClosed: () =>
    'The preloaded tracer provider was already shut down by an application that closed earlier; this application ' +
    'uses a provider of its own, without auto-instrumentation.',
  instrumentationNotPreloaded: (names: readonly string[], source: string) =>
    `tracing.instrumentations enables ${names.join(', ')} in the application's configuration, but the preload ` +
    `(configured from ${source}) did not load ${names.length > 1 ? 'them' : 'it'}: instrumentations patch modules ` +
    'before they load, so they must be enabled where the preload reads its configuration (OBSERVABILITY_CONFIG or ' +
    'config/observability.yaml).',
  secondPipeline: (source: string) =>
    'A second application in this process binds to the preloaded tracing with a different tracing configuration; ' +
    `the preload (configured from ${source}) serves one pipeline per process. Give both applications the same ` +
    'tracing section, or start the second one in its own process.',
  unsupportedEnv: (variable: string, value: string, expected: string) =>
    `${variable}=${value} is not supported by nestjs-observability: expected ${expected}. Tracing cannot start as asked.`,
  off: () => 'Tracing: off.',
  flushIncomplete: (ms: number, queued: number) =>
    `Tracing shutdown reached its ${ms}ms deadline with ${queued} span(s) not exported; they are counted as dropped.`,
} as const;

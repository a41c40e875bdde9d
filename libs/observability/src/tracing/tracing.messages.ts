/** Texts of the warnings and errors the tracing pillar writes. */
export const TRACING_MESSAGES = {
  noPreload: () =>
    'Tracing started inside Nest, without the preload: outbound HTTP/fetch and database calls get no spans and ' +
    'carry no traceparent, because auto-instrumentation must patch modules before they load. Start the app with ' +
    '`node --import nestjs-observability/register dist/main.js` (or import "nestjs-observability/register" first in main.ts).',
  preloadClosed: () =>
    'The preloaded tracer provider was already shut down by an application that closed earlier; this application ' +
    'uses a provider of its own, without auto-instrumentation.',
  configDiffers: (source: string) =>
    `TracingModule's configuration differs from the one the preload read (${source}); the preload's applies, ` +
    'since its provider and instrumentations were started with it.',
  unsupportedEnv: (variable: string, value: string, expected: string) =>
    `${variable}=${value} is not supported by nestjs-observability: expected ${expected}. Tracing cannot start as asked.`,
  flushIncomplete: (ms: number, queued: number) =>
    `Tracing shutdown reached its ${ms}ms deadline with ${queued} span(s) not exported; they are counted as dropped.`,
} as const;

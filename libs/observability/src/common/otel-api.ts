import { createRequire } from 'node:module';
import type * as Api from '@opentelemetry/api';

/*
 * OpenTelemetry's packages ship two builds, ES module and CommonJS. The instrumentations are CommonJS and
 * `require()` theirs; an ES module `import` of the same package would load the other build beside it: the API,
 * core and semantic conventions twice over, ~2.2 MB of heap and ~5 MB of RSS for the life of the process. So the
 * suite takes every OpenTelemetry value through `require()` as well (tracing/runtime/otel-sdk.ts for the SDK), and
 * imports only types from the packages themselves (eslint.config.js enforces it).
 */
const api = createRequire(import.meta.url)('@opentelemetry/api') as typeof Api;

export const {
  context,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} = api;
export type SpanKind = Api.SpanKind;
export type SpanStatusCode = Api.SpanStatusCode;
export type TraceFlags = Api.TraceFlags;

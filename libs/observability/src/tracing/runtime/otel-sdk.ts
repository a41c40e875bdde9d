import { createRequire } from 'node:module';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import type * as Core from '@opentelemetry/core';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTrace from '@opentelemetry/sdk-trace';

// The SDK's values through `require()`, the build the instrumentations load: why, in common/otel-api.ts.
const load = createRequire(import.meta.url);

export const { AsyncLocalStorageContextManager } = load('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
export type AsyncLocalStorageContextManager = ContextAsyncHooks.AsyncLocalStorageContextManager;

export const {
  CompositePropagator,
  ExportResultCode,
  hrTime,
  hrTimeToMilliseconds,
  suppressTracing,
  timeInputToHrTime,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} = load('@opentelemetry/core') as typeof Core;
export type ExportResultCode = Core.ExportResultCode;

/** Loaded when first called: an app whose process starts no instrumentation never loads the package. */
export function registerInstrumentations(options: Instrumentation.AutoLoaderOptions): () => void {
  return (load('@opentelemetry/instrumentation') as typeof Instrumentation).registerInstrumentations(options);
}

export const { defaultResource, resourceFromAttributes } = load('@opentelemetry/resources') as typeof Resources;

export const { AlwaysOffSampler, SamplingDecision, TracerProvider } = load('@opentelemetry/sdk-trace') as typeof SdkTrace;
export type AlwaysOffSampler = SdkTrace.AlwaysOffSampler;
export type SamplingDecision = SdkTrace.SamplingDecision;
export type TracerProvider = SdkTrace.TracerProvider;

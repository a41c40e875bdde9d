export { Traced, type TracedOptions } from './decorators/traced.decorator.js';
export {
  DEFAULT_PRELOAD_CONFIG_FILE,
  startTracing,
  tracingPreloadHandle,
  type StartTracingOptions,
  type TracingPreloadHandle,
} from './preload.js';
export { KeptSpans } from './kept-spans.js';
export { MemorySpanExporter } from './runtime/memory-span-exporter.js';
export { TRACER_NAME, SAMPLING_REASON_ATTRIBUTE, type SamplingReason, type SpanDropReason } from './tracing.constants.js';
export { TracingModule } from './tracing.module.js';
export type { TracingModuleExtras, TracingModuleOptions } from './tracing.module-definition.js';
export { TracingService } from './tracing.service.js';

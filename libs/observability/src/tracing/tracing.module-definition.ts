import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { ConfigInput, TracingConfig } from '../config/index.js';
import { ContextModule } from '../context/index.js';
import { TRACING_MODULE_OPTIONS } from './tracing.constants.js';

export interface TracingModuleOptions {
  /** The `observability.tracing` section. */
  tracing?: ConfigInput<TracingConfig> | TracingConfig;
  /**
   * Export here instead of what `tracing.exporter` names (tests: an InMemorySpanExporter), with or without the
   * preload.
   */
  exporter?: SpanExporter;
  /** Keys redacted in span attributes in addition to the built-in list (`logging.redact` under ObservabilityModule). */
  redact?: readonly string[];
}

export interface TracingModuleExtras {
  /** Make TracingService injectable everywhere. @default true */
  isGlobal: boolean;
  /** Import ContextModule with default settings; `false` when the app imports `ContextModule.forRoot(...)` itself. @default true */
  withContext: boolean;
}

export const {
  ConfigurableModuleClass: TracingConfigurableModule,
  OPTIONS_TYPE: TRACING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRACING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TracingModuleOptions>({ optionsInjectionToken: TRACING_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<TracingModuleExtras>({ isGlobal: true, withContext: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), ...(extras.withContext ? [ContextModule.forRoot({})] : [])],
  }))
  .build();

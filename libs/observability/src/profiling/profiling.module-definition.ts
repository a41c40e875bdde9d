import { ConfigurableModuleBuilder } from '@nestjs/common';
import { ContextModule } from '../context/index.js';
import type { ConfigInput, ManagementConfig, ProfilingConfig } from '../config/index.js';
import type { PprofImporter } from './pprof-loader.js';
import { PROFILING_MODULE_OPTIONS } from './profiling.constants.js';

export interface ProfilingModuleOptions {
  /** The `observability.profiling` section. */
  profiling?: ConfigInput<ProfilingConfig> | ProfilingConfig;
  /** The `observability.management` section: its `token` guards `/debug/pprof/*`. */
  management?: ConfigInput<ManagementConfig> | ManagementConfig;
  /** How the native profiler is imported. @default `import('@datadog/pprof')` */
  importPprof?: PprofImporter;
}

export interface ProfilingModuleExtras {
  /** Make ProfilingService injectable everywhere. @default true */
  isGlobal: boolean;
  /**
   * Import ContextModule with default settings (a request id and an AsyncLocalStorage frame per request). Profiles
   * do not need it: samples are labelled with the route template without it, and with the span id of kept traces
   * when the tracing pillar (which brings the context) is there. @default false
   */
  withContext: boolean;
}

export const {
  ConfigurableModuleClass: ProfilingConfigurableModule,
  OPTIONS_TYPE: PROFILING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: PROFILING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ProfilingModuleOptions>({ optionsInjectionToken: PROFILING_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<ProfilingModuleExtras>({ isGlobal: true, withContext: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), ...(extras.withContext ? [ContextModule.forRoot({})] : [])],
  }))
  .build();

import type { Server } from 'node:http';
import { Module, type NestModule } from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { type TracingConfig, resolveSection } from '../config/index.js';
import { TracedExplorer } from './decorators/traced.explorer.js';
import { KeptSpans } from './kept-spans.js';
import { ServerSpans } from './server-span/server-spans.js';
import { bindTracing } from './tracing-binding.js';
import { TracingMetrics } from './tracing-metrics.js';
import { TRACING_BINDING, TRACING_CONFIG, TRACING_MODULE_OPTIONS } from './tracing.constants.js';
import { TracingConfigurableModule, type TracingModuleOptions } from './tracing.module-definition.js';
import { TracingService } from './tracing.service.js';

/**
 * Distributed tracing: binds to the provider the preload started (`node --import nestjs-observability/register`)
 * or starts its own, gives every HTTP request a server span named by its route template, traces `@Traced`
 * methods, and flushes within `shutdown_timeout` when the application shuts down.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: TRACING_CONFIG,
      useFactory: (options: TracingModuleOptions) => resolveSection('tracing', options.tracing),
      inject: [TRACING_MODULE_OPTIONS],
    },
    {
      provide: TRACING_BINDING,
      useFactory: (config: TracingConfig, options: TracingModuleOptions) => bindTracing(config, options),
      inject: [TRACING_CONFIG, TRACING_MODULE_OPTIONS],
    },
    TracingService,
    ServerSpans,
    TracedExplorer,
    TracingMetrics,
    KeptSpans,
  ],
  exports: [TracingService, TRACING_CONFIG, KeptSpans],
})
export class TracingModule extends TracingConfigurableModule implements NestModule {
  constructor(
    private readonly serverSpans: ServerSpans,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  /** Runs while Nest registers middleware: the HTTP server exists, and nothing is served yet. */
  configure(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.listeners === 'function') this.serverSpans.attach(server);
  }
}

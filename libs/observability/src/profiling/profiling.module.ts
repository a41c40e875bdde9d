import { resolveSection, type ManagementConfig } from '../config/index.js';
import type { Server } from 'node:http';
import { Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ManagementAuth } from '../common/index.js';
import { addFastifyRouteHook } from '../context/index.js';
import { CaptureScheduler } from './capture.scheduler.js';
import { importPprof } from './pprof-loader.js';
import { PprofHttpHandler } from './pprof-http.handler.js';
import { PprofRoutes } from './pprof-routes.js';
import { ProfilerRuntime } from './profiler-runtime.js';
import {
  PPROF_IMPORTER,
  PROFILING_CONFIG,
  PROFILING_MANAGEMENT,
  PROFILING_MANAGEMENT_AUTH,
  PROFILING_MODULE_OPTIONS,
} from './profiling.constants.js';
import { ProfilingConfigurableModule, type ProfilingModuleOptions } from './profiling.module-definition.js';
import { ProfilingService } from './profiling.service.js';
import { attachRequestAttribution } from './request-attribution.js';

/**
 * CPU and heap profiles for a Nest app: continuous (pushed to Pyroscope when `profiling.pyroscope_endpoint` is
 * set), scheduled (`profiling.interval`, the latest kept in memory) and on demand (`/debug/pprof/*`, behind the
 * management token), with CPU samples labelled by route template and insights computed from them. Off by
 * default, and then free: the native profiler is imported only when `profiling.enabled` is true.
 */
@Module({
  providers: [
    {
      provide: PROFILING_CONFIG,
      useFactory: (options: ProfilingModuleOptions) => resolveSection('profiling', options.profiling),
      inject: [PROFILING_MODULE_OPTIONS],
    },
    {
      provide: PROFILING_MANAGEMENT,
      useFactory: (options: ProfilingModuleOptions) => resolveSection('management', options.management),
      inject: [PROFILING_MODULE_OPTIONS],
    },
    {
      provide: PROFILING_MANAGEMENT_AUTH,
      useFactory: (management: ManagementConfig) => new ManagementAuth(management.token),
      inject: [PROFILING_MANAGEMENT],
    },
    {
      provide: PPROF_IMPORTER,
      useFactory: (options: ProfilingModuleOptions) => options.importPprof ?? importPprof,
      inject: [PROFILING_MODULE_OPTIONS],
    },
    ProfilerRuntime,
    ProfilingService,
    CaptureScheduler,
    PprofHttpHandler,
    PprofRoutes,
  ],
  exports: [ProfilingService],
})
export class ProfilingModule extends ProfilingConfigurableModule implements NestModule {
  constructor(
    private readonly runtime: ProfilerRuntime,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    super();
  }

  /**
   * While Nest registers middleware: the HTTP server exists and serves nothing yet, and Fastify has no routes (its
   * route hook, which tells a raw request its route template, must come first). Profiling off adds nothing.
   */
  configure(): void {
    const config = this.runtime.config;
    if (!config.enabled) return;
    const adapter = this.adapterHost?.httpAdapter;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (server && typeof server.listeners === 'function') attachRequestAttribution(server, this.runtime);
    if (adapter?.getType() === 'fastify') addFastifyRouteHook(adapter.getInstance());
  }
}

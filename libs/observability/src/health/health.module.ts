import { resolveSection } from '../config/index.js';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ManagementAuth, RedactionPolicy } from '../common/index.js';
import { HealthCheckExplorer } from './health-check.explorer.js';
import { HealthHttpHandler } from './health-http.handler.js';
import { HealthRefreshScheduler } from './health-refresh.scheduler.js';
import { HealthRoutes } from './health-routes.js';
import { HEALTH_CONFIG, HEALTH_MANAGEMENT_AUTH, HEALTH_MODULE_OPTIONS, HEALTH_REDACTION } from './health.constants.js';
import { HealthConfigurableModule, type HealthModuleOptions } from './health.module-definition.js';
import { HealthService } from './health.service.js';
import { DatabaseIndicator } from './indicators/database.indicator.js';
import { DiskSpaceIndicator } from './indicators/disk-space.indicator.js';
import { EventLoopDelayIndicator } from './indicators/event-loop-delay.indicator.js';
import { HttpDependencyIndicator } from './indicators/http-dependency.indicator.js';
import { LlmProviderIndicator } from './indicators/llm-provider.indicator.js';
import { MemoryUsageIndicator } from './indicators/memory-usage.indicator.js';

const INDICATORS = [
  MemoryUsageIndicator,
  DiskSpaceIndicator,
  EventLoopDelayIndicator,
  DatabaseIndicator,
  HttpDependencyIndicator,
  LlmProviderIndicator,
];

/**
 * Health the way orchestrators use it: `<path>` (every check), `<path>/live` (the process answers),
 * `<path>/ready` (dependencies; 503 while starting and from the moment shutdown begins), on the app's port or on
 * `health.port`. Checks run in parallel under `health.timeout`, refreshed every `health.interval`; probes are
 * answered from those results. Terminus-shaped bodies; details only for whom `health.show_details` allows.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: HEALTH_CONFIG,
      useFactory: (options: HealthModuleOptions) => resolveSection('health', options.health),
      inject: [HEALTH_MODULE_OPTIONS],
    },
    {
      provide: HEALTH_MANAGEMENT_AUTH,
      useFactory: (options: HealthModuleOptions) => new ManagementAuth(resolveSection('management', options.management).token),
      inject: [HEALTH_MODULE_OPTIONS],
    },
    {
      provide: HEALTH_REDACTION,
      useFactory: (options: HealthModuleOptions) => new RedactionPolicy(options.redact ?? []),
      inject: [HEALTH_MODULE_OPTIONS],
    },
    HealthIndicatorService,
    ...INDICATORS,
    HealthService,
    HealthCheckExplorer,
    HealthRefreshScheduler,
    HealthHttpHandler,
    HealthRoutes,
  ],
  exports: [HealthService, ...INDICATORS],
})
export class HealthModule extends HealthConfigurableModule {}

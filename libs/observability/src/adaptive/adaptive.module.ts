import { Module } from '@nestjs/common';
import { ManagementAuth } from '../common/index.js';
import { resolveSection, type ManagementConfig } from '../config/index.js';
import { AdaptiveTelemetryService } from './adaptive-telemetry.service.js';
import { ADAPTIVE_CONFIG, ADAPTIVE_MANAGEMENT, ADAPTIVE_MANAGEMENT_AUTH, ADAPTIVE_MODULE_OPTIONS } from './adaptive.constants.js';
import { AdaptiveTelemetryConfigurableModule, type AdaptiveTelemetryModuleOptions } from './adaptive.module-definition.js';
import { ScalingAdvisor } from './scaling/scaling-advisor.service.js';
import { ScalingRoutes } from './scaling/scaling-routes.js';

/**
 * Load-adaptive telemetry and scaling advice: a per-app governor steps trace sampling and debug logging down when
 * event-loop utilisation, request rate or the suite's own measured overhead exceed their budgets, and back up
 * after; its load history feeds a forecast and an instance-count recommendation (`ScalingAdvisor`, and
 * `GET <adaptive.scaling.path>` for holders of the management token). Works with whichever pillars the app has:
 * without tracing or logging there is simply less to turn.
 */
@Module({
  providers: [
    {
      provide: ADAPTIVE_CONFIG,
      useFactory: (options: AdaptiveTelemetryModuleOptions) => resolveSection('adaptive', options.adaptive),
      inject: [ADAPTIVE_MODULE_OPTIONS],
    },
    {
      provide: ADAPTIVE_MANAGEMENT,
      useFactory: (options: AdaptiveTelemetryModuleOptions) => resolveSection('management', options.management),
      inject: [ADAPTIVE_MODULE_OPTIONS],
    },
    {
      provide: ADAPTIVE_MANAGEMENT_AUTH,
      useFactory: (management: ManagementConfig) => new ManagementAuth(management.token),
      inject: [ADAPTIVE_MANAGEMENT],
    },
    AdaptiveTelemetryService,
    ScalingAdvisor,
    ScalingRoutes,
  ],
  exports: [AdaptiveTelemetryService, ScalingAdvisor],
})
export class AdaptiveTelemetryModule extends AdaptiveTelemetryConfigurableModule {}

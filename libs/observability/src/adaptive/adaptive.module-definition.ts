import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConfigInput } from '../config/index.js';
import type { AdaptiveConfig } from '../config/index.js';
import type { ManagementConfig } from '../config/index.js';
import { ADAPTIVE_MODULE_OPTIONS } from './adaptive.constants.js';

export interface AdaptiveTelemetryModuleOptions {
  /** The `observability.adaptive` section. */
  adaptive?: ConfigInput<AdaptiveConfig> | AdaptiveConfig;
  /** The `observability.management` section: its `token` guards `GET <adaptive.scaling.path>`. */
  management?: ConfigInput<ManagementConfig> | ManagementConfig;
  /** The clock history points are stamped with (unix ms). @default Date.now */
  clock?: () => number;
}

export interface AdaptiveTelemetryModuleExtras {
  /** Make AdaptiveTelemetryService and ScalingAdvisor injectable everywhere. @default true */
  isGlobal: boolean;
}

export const { ConfigurableModuleClass: AdaptiveTelemetryConfigurableModule } =
  new ConfigurableModuleBuilder<AdaptiveTelemetryModuleOptions>({
    optionsInjectionToken: ADAPTIVE_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setExtras<AdaptiveTelemetryModuleExtras>({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();

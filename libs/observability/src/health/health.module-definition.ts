import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConfigInput, HealthConfig, ManagementConfig } from '../config/index.js';
import { HEALTH_MODULE_OPTIONS } from './health.constants.js';

export interface HealthModuleOptions {
  /** The `observability.health` section. */
  health?: ConfigInput<HealthConfig> | HealthConfig;
  /** The `observability.management` section: its `token` authorises details and `?fresh=1`. */
  management?: ConfigInput<ManagementConfig> | ManagementConfig;
  /** Keys redacted in check details in addition to the built-in list (`logging.redact` under ObservabilityModule). */
  redact?: readonly string[];
}

export interface HealthModuleExtras {
  /** Make HealthService and the indicators injectable everywhere. @default true */
  isGlobal: boolean;
}

export const {
  ConfigurableModuleClass: HealthConfigurableModule,
  OPTIONS_TYPE: HEALTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: HEALTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<HealthModuleOptions>({ optionsInjectionToken: HEALTH_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<HealthModuleExtras>({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConfigInput } from '../config/config.types.js';
import type { AlertsConfig } from '../config/schema/alerts.schema.js';
import type { ManagementConfig } from '../config/schema/management.schema.js';
import { ALERTING_MODULE_OPTIONS } from './alerting.constants.js';

export interface AlertingModuleOptions {
  /** The `observability.alerts` section (`rules_file` absolute or relative to the working directory). */
  alerts?: ConfigInput<AlertsConfig> | AlertsConfig;
  /** The `observability.management` section: its `token` guards `GET <alerts.path>`. */
  management?: ConfigInput<ManagementConfig> | ManagementConfig;
  /**
   * `service.version` of the app: anomaly baselines saved by another version start afresh (a deploy resets them).
   * @default `service.version` of `OTEL_RESOURCE_ATTRIBUTES`, then `npm_package_version`
   */
  serviceVersion?: string;
  /** The clock evaluations read (unix ms). @default Date.now */
  clock?: () => number;
}

export interface AlertingModuleExtras {
  /** Make AlertsService injectable everywhere. @default true */
  isGlobal: boolean;
}

export const {
  ConfigurableModuleClass: AlertingConfigurableModule,
  OPTIONS_TYPE: ALERTING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ALERTING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AlertingModuleOptions>({ optionsInjectionToken: ALERTING_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<AlertingModuleExtras>({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

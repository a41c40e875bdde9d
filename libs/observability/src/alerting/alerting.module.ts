import { Module } from '@nestjs/common';
import { ManagementAuth } from '../common/management-auth.js';
import { resolveSection } from '../common/resolve-section.js';
import { AlertsRoutes } from './alerts-routes.js';
import { AlertsService } from './alerts.service.js';
import { ALERT_RULES, ALERT_SINK, ALERTING_MANAGEMENT_AUTH, ALERTING_MODULE_OPTIONS, ALERTS_CONFIG } from './alerting.constants.js';
import { AlertingConfigurableModule, type AlertingModuleOptions } from './alerting.module-definition.js';
import { AlertingScheduler } from './alerting.scheduler.js';
import type { AlertsConfig } from '../config/schema/alerts.schema.js';
import { AlertNotifications } from './alert-notifications.js';
import { SilencesRoutes } from './silences-routes.js';
import { loadRules } from './rules/load-rules.js';
import { anomalyBaselinesProvider } from './anomaly-state/anomaly-baselines.provider.js';
import { AnomalyStateService } from './anomaly-state/anomaly-state.service.js';

/**
 * Alert rules with Prometheus's semantics, evaluated in-process every `alerts.evaluation_interval` over the app's
 * metrics registry (MetricsModule): the rules file is validated at startup, alerts go to the `ALERT_SINK` (by
 * default {@link AlertNotifications}: silences, then the channels of `alerts.notification`, the log by default)
 * and are listed at `GET <alerts.path>` for holders of the management token; silences are managed at
 * `<alerts.path>/silences`.
 */
@Module({
  providers: [
    {
      provide: ALERTS_CONFIG,
      useFactory: (options: AlertingModuleOptions) => resolveSection('alerts', options.alerts),
      inject: [ALERTING_MODULE_OPTIONS],
    },
    {
      provide: ALERTING_MANAGEMENT_AUTH,
      useFactory: (options: AlertingModuleOptions) => new ManagementAuth(resolveSection('management', options.management).token),
      inject: [ALERTING_MODULE_OPTIONS],
    },
    {
      provide: ALERT_RULES,
      useFactory: (config: AlertsConfig) => (config.enabled && config.rules_file ? loadRules(config.rules_file) : []),
      inject: [ALERTS_CONFIG],
    },
    anomalyBaselinesProvider,
    AnomalyStateService,
    AlertNotifications,
    { provide: ALERT_SINK, useExisting: AlertNotifications },
    AlertsService,
    AlertingScheduler,
    AlertsRoutes,
    SilencesRoutes,
  ],
  exports: [AlertsService, AlertNotifications],
})
export class AlertingModule extends AlertingConfigurableModule {}

import { Logger, type Provider } from '@nestjs/common';
import type { AlertsConfig } from '../../config/schema/alerts.schema.js';
import { ALERT_RULES, ALERTS_CONFIG, ANOMALY_BASELINES } from '../alerting.constants.js';
import type { AlertRule } from '../rules/alert-rule.js';
import { AnomalyBaselines } from '../smart/anomaly-baselines.js';
import { ANOMALY_SERIES_FULL } from './anomaly-state.messages.js';

/** The app's store of anomaly baselines, bounded by `alerts.anomaly.max_series`. */
export const anomalyBaselinesProvider: Provider = {
  provide: ANOMALY_BASELINES,
  useFactory: (config: AlertsConfig, rules: readonly AlertRule[]) => {
    const logger = new Logger('Alerting');
    return new AnomalyBaselines(rules, config.anomaly.max_series, (rule, max) =>
      logger.warn({ rule, max_series: max, msg: ANOMALY_SERIES_FULL(rule, max) }),
    );
  },
  inject: [ALERTS_CONFIG, ALERT_RULES],
};

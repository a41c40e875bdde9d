export { ALERT_SINK } from './alerting.constants.js';
export { AlertingModule } from './alerting.module.js';
export type { AlertingModuleExtras, AlertingModuleOptions } from './alerting.module-definition.js';
export { AlertsService } from './alerts.service.js';
export type { Alert, AlertEvidence, AlertSink, AlertState, AnomalyEvidence, ThresholdOperator } from './interfaces/alert.interface.js';
export { AlertNotifications } from './alert-notifications.js';
export type { AlertRule, AnomalyRuleSpec, Seasonality } from './rules/alert-rule.js';
export { AlertRulesError } from './rules/alert-rules.error.js';
export { loadRules } from './rules/load-rules.js';

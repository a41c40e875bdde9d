/** Raw options given to AlertingModule.forRoot / forRootAsync. */
export const ALERTING_MODULE_OPTIONS = Symbol('OBSERVABILITY:ALERTING_OPTIONS');
/** The validated `observability.alerts` section. */
export const ALERTS_CONFIG = Symbol('OBSERVABILITY:ALERTS_CONFIG');
/** The validated rules of `alerts.rules_file`. */
export const ALERT_RULES = Symbol('OBSERVABILITY:ALERT_RULES');
/** Where evaluated alerts go (an {@link AlertSink}); by default each one is logged. */
export const ALERT_SINK = Symbol('OBSERVABILITY:ALERT_SINK');
/** The validated `observability.management` section: where `GET <alerts.path>` and the silences are served. */
export const ALERTING_MANAGEMENT = Symbol('OBSERVABILITY:ALERTING_MANAGEMENT');
/** The {@link ManagementAuth} that guards `GET <alerts.path>`. */
export const ALERTING_MANAGEMENT_AUTH = Symbol('OBSERVABILITY:ALERTING_MANAGEMENT_AUTH');

/** The {@link AnomalyBaselines} of the app's `type: anomaly` rules. */
export const ANOMALY_BASELINES = Symbol('OBSERVABILITY:ANOMALY_BASELINES');

/** Name of the job writing `alerts.anomaly.state_file` in the app's SchedulerRegistry. */
export const ANOMALY_STATE_JOB = 'observability:anomaly-state';

/** Name of the evaluation job in the app's SchedulerRegistry (when the app imports ScheduleModule). */
export const ALERT_EVALUATION_JOB = 'observability:alert-evaluation';

/** Samples kept beyond the longest range a rule reads, in evaluation intervals (a late tick still finds them). */
export const RETENTION_MARGIN_INTERVALS = 2;
/** Series the alerting sample store holds at most. */
export const MAX_STORED_SERIES = 100_000;
/** How long one evaluation holds the event loop at most before letting requests through (checked between rules). */
export const EVALUATION_SLICE_MS = 10;

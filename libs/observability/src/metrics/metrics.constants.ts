/** Raw options given to MetricsModule.forRoot / forRootAsync. */
export const METRICS_MODULE_OPTIONS = Symbol('OBSERVABILITY:METRICS_OPTIONS');
/** The validated `observability.metrics` section. */
export const METRICS_CONFIG = Symbol('OBSERVABILITY:METRICS_CONFIG');
/** The error classifier RED and `@Metered` use (built from the options). */
export const ERROR_CLASSIFIER = Symbol('OBSERVABILITY:METRICS_ERROR_CLASSIFIER');
/** Aspect (and Reflect metadata key) of `@Metered`. */
export const METERED_ASPECT = Symbol('OBSERVABILITY:METERED');

/** The label value every label of an overflow series gets once a metric is past its series budget. */
export const OVERFLOW_LABEL_VALUE = '__overflow__';

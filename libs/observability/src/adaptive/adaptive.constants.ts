/** Raw options given to AdaptiveTelemetryModule.forRoot / forRootAsync. */
export const ADAPTIVE_MODULE_OPTIONS = Symbol('OBSERVABILITY:ADAPTIVE_OPTIONS');
/** The validated `observability.adaptive` section. */
export const ADAPTIVE_CONFIG = Symbol('OBSERVABILITY:ADAPTIVE_CONFIG');
/** The {@link ManagementAuth} that guards `GET <adaptive.scaling.path>`. */
export const ADAPTIVE_MANAGEMENT_AUTH = Symbol('OBSERVABILITY:ADAPTIVE_MANAGEMENT_AUTH');
/** The resolved `observability.management` section (where `GET <adaptive.scaling.path>` is served). */
export const ADAPTIVE_MANAGEMENT = Symbol('OBSERVABILITY:ADAPTIVE_MANAGEMENT');

/** Name of the governor's job in the app's SchedulerRegistry (when the app imports ScheduleModule). */
export const ADAPTIVE_TELEMETRY_JOB = 'observability:adaptive-telemetry';
/** Logger context of the governor's lines. */
export const ADAPTIVE_LOGGER_CONTEXT = 'AdaptiveTelemetry';

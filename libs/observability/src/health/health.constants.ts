/** Raw options given to HealthModule.forRoot / forRootAsync. */
export const HEALTH_MODULE_OPTIONS = Symbol('OBSERVABILITY:HEALTH_OPTIONS');
/** The validated `observability.health` section. */
export const HEALTH_CONFIG = Symbol('OBSERVABILITY:HEALTH_CONFIG');
/** The redaction policy of health details and messages (built-in keys plus the options' `redact`). */
export const HEALTH_REDACTION = Symbol('OBSERVABILITY:HEALTH_REDACTION');
/** The {@link ManagementAuth} built from `observability.management.token`. */
export const HEALTH_MANAGEMENT_AUTH = Symbol('OBSERVABILITY:HEALTH_MANAGEMENT_AUTH');

/** The report entry that says why readiness is down while the app starts or drains; no check may take this name. */
export const LIFECYCLE_ENTRY = 'lifecycle';

/** Name of the refresh job in the app's SchedulerRegistry (when the app imports ScheduleModule). */
export const HEALTH_REFRESH_JOB = 'observability:health-refresh';

/** Built-in check names. */
export const MEMORY_CHECK = 'memory';
export const DISK_CHECK = 'disk';
export const EVENT_LOOP_CHECK = 'event_loop';
export const LLM_CHECK = 'llm_providers';

/** Longest error message kept in a report (a driver's message can embed a whole query or payload). */
export const MAX_MESSAGE_LENGTH = 300;

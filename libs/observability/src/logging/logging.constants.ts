import { DEFAULT_SECRET_KEYS } from '../common/index.js';
/** Raw options given to LoggingModule.forRoot / forRootAsync. */
export const LOGGING_MODULE_OPTIONS = Symbol('OBSERVABILITY:LOGGING_OPTIONS');
/** The validated `observability.logging` section. */
export const LOGGING_CONFIG = Symbol('OBSERVABILITY:LOGGING_CONFIG');

/** Keys whose values are secret by name: the redaction policy's built-in list (patterns catch the rest). */
export const DEFAULT_REDACT_KEYS: readonly string[] = DEFAULT_SECRET_KEYS;

export const REDACTED = '[REDACTED]';

/** Raw options given to LoggingModule.forRoot / forRootAsync. */
export const LOGGING_MODULE_OPTIONS = Symbol('OBSERVABILITY:LOGGING_OPTIONS');
/** The validated `observability.logging` section. */
export const LOGGING_CONFIG = Symbol('OBSERVABILITY:LOGGING_CONFIG');

/** Keys whose values never reach a log line, matched case-insensitively at any depth. */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'password',
  'passwd',
  'api_key',
  'apikey',
  'x-api-key',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'secret',
  'client_secret',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
];

export const REDACTED = '[REDACTED]';

/** Marks a request whose log line is already being written, so a second LoggingModule in the app does not double it. */
export const REQUEST_LOGGED_KEY: unique symbol = Symbol.for('nestjs-observability.request-logged') as never;

import { LokiConfig } from './loki.schema.js';
import { Equals } from './class-validator.js';
import { BoolField, IntField, OneOf, Section, StringField, StringListField } from './validators.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `observability.logging`. */
export class LoggingConfig {
  /** @default "info" */
  @OneOf(LOG_LEVELS) level: LogLevel = 'info';

  /** `json` for machines (one JSON object per line); `text` for a human at a terminal. @default "json" */
  @OneOf(['json', 'text']) format: 'json' | 'text' = 'json';

  /** `stdout`, `stderr`, or a file path (appended to; the directory must exist). @default "stdout" */
  @StringField({ min: 1, describe: '"stdout", "stderr" or a file path' }) output = 'stdout';

  /**
   * Kept for the seed's schema. Logs are always structured (fields, not interpolated text); `format: text` is the
   * human-readable rendering of the same fields. `false` is rejected rather than silently ignored.
   * @default true
   */
  @Equals(true, { message: 'true (logs are always structured; use format: text for human-readable output)' })
  structured = true as const;

  /** Keys to redact in addition to the built-in list (matched case-insensitively, at any depth). @default [] */
  @StringListField({ describe: 'a list of key names' }) redact: string[] = [];

  /** One log line per HTTP request (method, route template, status, duration). @default true */
  @BoolField() request_log = true;

  /** Route templates that get no request log line (probes, scrapes). @default [] */
  @StringListField({ pattern: /^\//, describe: 'a list of route templates starting with "/"' }) request_log_ignore: string[] = [];

  /** Longer string values are cut to this many characters in a log line. @default 4096 */
  @IntField(64, 1_048_576) max_value_length = 4096;

  @Section(() => LokiConfig) loki: LokiConfig = new LokiConfig();
}

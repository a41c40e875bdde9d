import { ValidateBy } from './class-validator.js';
import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, Secret, StringField, StringListField, StringMapField, UrlField } from './validators.js';

/** Loki's own limits (`max_label_names_per_series`, `max_label_name_length`, `max_label_value_length`). */
export const LOKI_MAX_LABELS = 15;
export const LOKI_MAX_LABEL_NAME_LENGTH = 1024;
export const LOKI_MAX_LABEL_VALUE_LENGTH = 2048;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function LokiLabelsField(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLokiLabels',
      validator: {
        validate: (v: unknown) =>
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          Object.keys(v).length <= LOKI_MAX_LABELS &&
          Object.entries(v).every(
            ([k, s]) =>
              LABEL_NAME.test(k) &&
              !k.startsWith('__') &&
              k.length <= LOKI_MAX_LABEL_NAME_LENGTH &&
              typeof s === 'string' &&
              s.length > 0 &&
              s.length <= LOKI_MAX_LABEL_VALUE_LENGTH,
          ),
      },
    },
    {
      message:
        `a map of at most ${LOKI_MAX_LABELS} Loki labels: names matching [a-zA-Z_][a-zA-Z0-9_]* (not starting with "__", ` +
        `at most ${LOKI_MAX_LABEL_NAME_LENGTH} characters) to non-empty string values of at most ${LOKI_MAX_LABEL_VALUE_LENGTH} characters`,
    },
  );
}

/** `observability.logging.loki`: shipping logs to Grafana Loki's push API. */
export class LokiConfig {
  /** @default false */
  @BoolField() enabled = false;

  /** Push endpoint, e.g. `http://loki:3100/loki/api/v1/push`. Required when enabled. */
  @UrlField() endpoint?: string;

  /**
   * Static stream labels. Keep them few and low-cardinality; request ids go to structured metadata. Checked at
   * startup against Loki's limits (15 labels including `level`, names ≤ 1024, values ≤ 2048 characters).
   * @default {}
   */
  @LokiLabelsField()
  labels: Record<string, string> = {};

  /** Add the line's level as a `level` label (six values at most). @default true */
  @BoolField() level_label = true;

  /**
   * Top-level fields of a line sent as Loki structured metadata (never labels: they are unbounded).
   * @default ["trace_id", "span_id", "request_id", "user_id"]
   */
  @StringListField({ pattern: LABEL_NAME, describe: 'a list of field names matching [a-zA-Z_][a-zA-Z0-9_]*', maxItems: 32 })
  structured_metadata: string[] = ['trace_id', 'span_id', 'request_id', 'user_id'];

  /** Flush after this many entries; also the most entries one push request carries. @default 100 */
  @IntField(1, 100_000) batch_size = 100;

  /** Flush at least this often. @default "1s" */
  @DurationField({ min: 10, max: 60_000 }) flush_interval = 1_000 as DurationMs;

  /** Timeout of one push request. @default "5s" */
  @DurationField({ min: 100, max: 60_000 }) timeout = 5_000 as DurationMs;

  /** Push requests in flight at once. @default 2 */
  @IntField(1, 2) max_in_flight = 2;

  /** First retry delay (exponential with jitter from here). @default "500ms" */
  @DurationField({ min: 10, max: 600_000 }) min_backoff = 500 as DurationMs;

  /** Longest retry delay. @default "30s" */
  @DurationField({ min: 10, max: 600_000 }) max_backoff = 30_000 as DurationMs;

  /**
   * Entries held while Loki is slow or down (waiting, in flight, or awaiting a retry); beyond it the oldest are
   * dropped. The default holds more than 60 s at 2,000 lines/s. @default 200000
   */
  @IntField(1, 10_000_000) buffer_max_entries = 200_000;

  /**
   * Bytes held, counted as Loki will receive them: gzip-compressed for batches already built, raw for lines not yet
   * batched. Beyond it the oldest entries are dropped. @default 33554432 (32 MiB)
   */
  @IntField(65_536, 1_073_741_824) buffer_max_bytes = 33_554_432;

  /** At application shutdown, how long to keep sending what is buffered before reporting the rest dropped. @default "3s" */
  @DurationField({ min: 100, max: 60_000 }) shutdown_timeout = 3_000 as DurationMs;

  /** Tenant sent as `X-Scope-OrgID`. */
  @StringField({ optional: true, min: 1, max: 256 }) tenant_id?: string;

  /** Bearer token for the push endpoint (use `${LOKI_TOKEN}`). */
  @Secret() @StringField({ optional: true, min: 1 }) bearer_token?: string;

  /** Basic-auth user name. */
  @StringField({ optional: true, min: 1 }) username?: string;

  /** Basic-auth password (use `${LOKI_PASSWORD}`). */
  @Secret() @StringField({ optional: true, min: 1 }) password?: string;

  /** Extra HTTP headers for the push request. @default {} */
  @StringMapField() headers: Record<string, string> = {};
}

/** Rules that span several fields of the section; `path` is relative to `logging.loki`. */
export function lokiConfigIssues(loki: LokiConfig): { field: string; value: unknown; expected: string }[] {
  const issues: { field: string; value: unknown; expected: string }[] = [];
  const names = Object.keys(loki.labels);
  if (loki.level_label && names.includes('level')) {
    issues.push({
      field: 'labels',
      value: loki.labels,
      expected: 'no static "level" label while level_label is true (the line\'s level is the label)',
    });
  } else if (loki.level_label && names.length >= LOKI_MAX_LABELS) {
    issues.push({
      field: 'labels',
      value: names,
      expected: `at most ${LOKI_MAX_LABELS - 1} labels, since level_label adds "level" (Loki accepts ${LOKI_MAX_LABELS})`,
    });
  }
  if (loki.min_backoff > loki.max_backoff) {
    issues.push({
      field: 'min_backoff',
      value: loki.min_backoff,
      expected: `a duration no longer than max_backoff (${loki.max_backoff}ms)`,
    });
  }
  const inFlight = loki.batch_size * (loki.max_in_flight + 1);
  if (loki.buffer_max_entries < inFlight) {
    issues.push({
      field: 'buffer_max_entries',
      value: loki.buffer_max_entries,
      expected: `at least batch_size × (max_in_flight + 1) = ${inFlight}`,
    });
  }
  if ((loki.username === undefined) !== (loki.password === undefined)) {
    issues.push({
      field: loki.username === undefined ? 'username' : 'password',
      value: undefined,
      expected: 'both username and password for basic auth, or neither',
    });
  }
  const reserved = Object.keys(loki.headers).filter((h) =>
    ['content-type', 'content-encoding', 'content-length', 'authorization', 'x-scope-orgid'].includes(h.toLowerCase()),
  );
  if (reserved.length > 0) {
    issues.push({
      field: 'headers',
      value: reserved,
      expected: 'no Content-*, Authorization or X-Scope-OrgID header (set by the shipper; use bearer_token, username/password, tenant_id)',
    });
  }
  return issues;
}

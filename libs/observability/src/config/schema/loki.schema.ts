import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, Secret, StringField, StringMapField, UrlField } from './validators.js';

/** `observability.logging.loki`: shipping logs to Grafana Loki's push API. */
export class LokiConfig {
  /** @default false */
  @BoolField() enabled = false;

  /** Push endpoint, e.g. `http://loki:3100/loki/api/v1/push`. Required when enabled. */
  @UrlField() endpoint?: string;

  /** Static stream labels. Keep them few and low-cardinality; request ids go to structured metadata. @default {} */
  @StringMapField({ keyPattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/, describe: 'a map of Loki label names ([a-zA-Z_][a-zA-Z0-9_]*) to string values' })
  labels: Record<string, string> = {};

  /** Flush after this many entries. @default 100 */
  @IntField(1, 100_000) batch_size = 100;

  /** Flush at least this often. @default "1s" */
  @DurationField({ min: 10, max: 60_000 }) flush_interval = 1_000 as DurationMs;

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

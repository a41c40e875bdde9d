import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, NumberListField, RoutePathField, StringField } from './validators.js';

/** `observability.metrics`. */
export class MetricsConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Serve metrics on a separate listener on this port; unset serves them on the app's own port. */
  @IntField(1, 65_535, true) port?: number;

  /** @default "/metrics" */
  @RoutePathField() path = '/metrics';

  /** Prefix of every metric the suite defines (`<namespace>_requests_total`). @default "app" */
  @StringField({ pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/, describe: 'a Prometheus name prefix ([a-zA-Z_][a-zA-Z0-9_]*)' })
  namespace = 'app';

  /** How often the in-process sampler reads the registry (alert evaluation input). @default "15s" */
  @DurationField({ min: 1_000 }) collection_interval = 15_000 as DurationMs;

  /** How long the Prometheus server should keep samples; written into the exported Prometheus config. @default "15d" */
  @DurationField({ min: 3_600_000 }) retention = 1_296_000_000 as DurationMs;

  /** Request-duration histogram buckets in seconds. @default exponential from 1ms, factor 2, 10 buckets */
  @NumberListField('a list of bucket bounds in seconds') buckets: number[] = Array.from({ length: 10 }, (_, i) => 0.001 * 2 ** i);

  /** Process, heap, GC and event-loop metrics. @default true */
  @BoolField() default_metrics = true;

  /** Default per-metric series budget; new label sets past it go to one overflow series. @default 2000 */
  @IntField(1, 1_000_000) series_limit = 2000;
}

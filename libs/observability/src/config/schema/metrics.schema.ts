import { ValidateBy } from './class-validator.js';
import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, NumberListField, RoutePathField, Section, StringField } from './validators.js';

/** USD per one million tokens of a model. */
export interface ModelPrice {
  input_per_1m: number;
  output_per_1m: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function isPriceTable(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every((price: unknown) => {
    if (price === null || typeof price !== 'object' || Array.isArray(price)) return false;
    const keys = Object.keys(price);
    const p = price as Record<string, unknown>;
    return (
      keys.every((k) => k === 'input_per_1m' || k === 'output_per_1m') &&
      [p['input_per_1m'], p['output_per_1m']].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
    );
  });
}

function isLimitMap(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).every(
    ([name, n]) => METRIC_NAME.test(name) && Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 1_000_000,
  );
}

/** `observability.metrics.ai`: what AIMetrics needs beyond the metric names. */
export class AiMetricsConfig {
  /**
   * Price per model, so that token usage also counts cost (`<namespace>_ai_cost_usd_total`):
   * `{ "gpt-4o": { input_per_1m: 2.5, output_per_1m: 10 } }`. Models not listed count no cost. @default {}
   */
  @ValidateBy(
    { name: 'isPriceTable', validator: { validate: isPriceTable } },
    { message: 'a map of model name to { input_per_1m, output_per_1m } (non-negative USD per 1M tokens)' },
  )
  prices: Record<string, ModelPrice> = {};

  /** Model-latency histogram buckets in seconds. @default exponential from 50ms, factor 2, 11 buckets (to 51.2s) */
  @NumberListField('a list of bucket bounds in seconds') latency_buckets: number[] = Array.from({ length: 11 }, (_, i) => 0.05 * 2 ** i);
}

/** `observability.metrics`. */
export class MetricsConfig {
  /**
   * `false` serves no exposition, records no request metrics and collects no process metrics. MetricsService still
   * works (other pillars and app code may record into it), it is just not exposed. @default true
   */
  @BoolField() enabled = true;

  /** Serve metrics on a separate listener on this port (it serves nothing else); unset serves them on the app's own port. */
  @IntField(1, 65_535, true) port?: number;

  /** Interface of the separate listener (`metrics.port`). @default all interfaces */
  @StringField({ optional: true, min: 1, describe: 'a host name or IP address' }) host?: string;

  /** @default "/metrics" */
  @RoutePathField() path = '/metrics';

  /** Prefix of every metric the suite defines (`<namespace>_requests_total`). @default "app" */
  @StringField({ pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/, describe: 'a Prometheus name prefix ([a-zA-Z_][a-zA-Z0-9_]*)' })
  namespace = 'app';

  /**
   * How often Prometheus should scrape this app: the `scrape_interval` of the scrape config the suite generates
   * (`prometheusScrapeConfig`) and the refresh of the Grafana dashboard. @default "15s"
   */
  @DurationField({ min: 1_000 }) collection_interval = 15_000 as DurationMs;

  /**
   * How long the Prometheus server should keep samples: written into the generated Prometheus configuration as
   * the `--storage.tsdb.retention.time` it should run with. @default "15d"
   */
  @DurationField({ min: 3_600_000 }) retention = 1_296_000_000 as DurationMs;

  /** Request-duration (and `@Metered`) histogram buckets in seconds. @default exponential from 1ms, factor 2, 10 buckets */
  @NumberListField('a list of bucket bounds in seconds') buckets: number[] = Array.from({ length: 10 }, (_, i) => 0.001 * 2 ** i);

  /** Process, heap, GC and event-loop metrics (prom-client's default metrics, in this app's registry). @default true */
  @BoolField() default_metrics = true;

  /** RED metrics for every request (requests, duration, errors, active connections). @default true */
  @BoolField() request_metrics = true;

  /**
   * Also serve prom-client's global registry (where @willsoto/nestjs-prometheus and hand-written prom-client code
   * register) at `path`, after this app's metrics. A name in both is served once, from this app's registry, and
   * reported at startup. @default false
   */
  @BoolField() include_global_registry = false;

  /** Attach the active trace id to duration observations (shown to OpenMetrics scrapers). @default true */
  @BoolField() exemplars = true;

  /** Default per-metric series budget; new label sets past it go to one overflow series. @default 2000 */
  @IntField(1, 1_000_000) series_limit = 2000;

  /**
   * Series budget per metric, overriding `series_limit`; keys are metric names with or without the namespace
   * (`requests_total` or `app_requests_total`). @default {}
   */
  @ValidateBy(
    { name: 'isLimitMap', validator: { validate: isLimitMap } },
    { message: 'a map of metric name to an integer from 1 to 1000000' },
  )
  per_metric_limits: Record<string, number> = {};

  /** Longer label values are cut to this many characters. @default 128 */
  @IntField(8, 4096) label_value_max_length = 128;

  @Section(() => AiMetricsConfig) ai: AiMetricsConfig = new AiMetricsConfig();
}

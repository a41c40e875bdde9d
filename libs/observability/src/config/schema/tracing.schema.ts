import { IsOptional, ValidateBy } from './class-validator.js';
import { pathToRegexp } from 'path-to-regexp';
import type { DurationMs } from '../duration.js';
import {
  BoolField,
  DurationField,
  IntField,
  NumberField,
  OneOf,
  Secret,
  Section,
  StringField,
  StringListField,
  StringMapField,
  UrlField,
} from './validators.js';
import { AUTO_INSTRUMENTATIONS_PACKAGE, ecosystemInstrumentationNames } from '../../common/index.js';

/** The span exporters the suite ships. */
export type TracingExporterName = 'otlp-http' | 'otlp-grpc' | 'console' | 'memory' | 'none';

/**
 * Auto-instrumentations the preload can enable, and whether each is on by default. Outbound calls and databases
 * are on (one span per call, where latency hides); express and network-level spans are off: per-middleware and
 * per-socket spans cost more than they tell, and the suite's own server span already names the route and handler.
 */
export const TRACING_INSTRUMENTATIONS = {
  http: true,
  undici: true,
  pg: true,
  mysql2: true,
  mongodb: true,
  ioredis: true,
  redis: true,
  grpc: false,
  express: false,
  dns: false,
  net: false,
} as const;

export type TracingInstrumentationName = keyof typeof TRACING_INSTRUMENTATIONS;

const INSTRUMENTATION_NAMES: readonly string[] = Object.keys(TRACING_INSTRUMENTATIONS);

/** The suite's own instrumentations, then any that `@opentelemetry/auto-instrumentations-node` (if installed) offers. */
function InstrumentationMapField(): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstrumentationMap',
      validator: {
        validate: (v: unknown) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
          const entries = Object.entries(v);
          if (entries.some(([, on]) => typeof on !== 'boolean')) return false;
          const unknown = entries.filter(([name]) => !INSTRUMENTATION_NAMES.includes(name));
          if (unknown.length === 0) return true;
          const offered = ecosystemInstrumentationNames() ?? [];
          return unknown.every(([name]) => offered.includes(name));
        },
      },
    },
    {
      message: () => {
        const offered = ecosystemInstrumentationNames();
        return (
          `a map of instrumentation names to true/false; known names: ${INSTRUMENTATION_NAMES.join(', ')}, and any instrumentation ` +
          `${AUTO_INSTRUMENTATIONS_PACKAGE} offers (${offered ? `installed: ${offered.join(', ')}` : 'not installed: npm install it to use its instrumentations'})`
        );
      },
    },
  );
}

/** `observability.tracing.tail_buffer`: where spans of traces the head sampler did not pick wait for their root. */
export class TailBufferConfig {
  /** Traces held at once; spans of further traces are dropped (and counted). @default 1000 */
  @IntField(1, 1_000_000) max_traces = 1000;

  /** Spans held per trace; further spans of that trace are dropped (and counted). @default 256 */
  @IntField(1, 100_000) max_spans_per_trace = 256;

  /** Spans held over all traces: the memory bound (about 1-2 KB each). @default 10000 */
  @IntField(1, 10_000_000) max_spans = 10_000;

  /** A trace whose local root has not ended after this long is dropped (and counted). @default "30s" */
  @DurationField({ min: 100, max: 3_600_000 }) max_age = 30_000 as DurationMs;
}

/** `observability.tracing.batch`: the queue between span end and the exporter. */
export class TracingBatchConfig {
  /** Spans waiting for export; further spans are dropped (and counted). @default 8192 */
  @IntField(1, 1_000_000) max_queue_size = 8192;

  /** Spans per export request. @default 512 */
  @IntField(1, 100_000) max_export_batch_size = 512;

  /** Export at least this often when the batch is not full. @default "1s" */
  @DurationField({ min: 1, max: 60_000 }) scheduled_delay = 1_000 as DurationMs;
}

/** `observability.tracing`. */
export class TracingConfig {
  /** @default true */
  @BoolField() enabled = true;

  /**
   * Where spans go: OTLP (`otlp-http`, `otlp-grpc`), `console`, `memory` (kept in-process), or `none`. Unset,
   * OpenTelemetry's conventions decide: `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`); else OTLP when an
   * endpoint is known (`endpoint`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT`), over the
   * protocol of `OTEL_EXPORTER_OTLP_PROTOCOL` (`http/protobuf`, the default, or `grpc`); else `memory`.
   */
  @IsOptional()
  @OneOf(['otlp-http', 'otlp-grpc', 'console', 'memory', 'none'])
  exporter?: TracingExporterName;

  /**
   * Collector endpoint: `http://otel-collector:4318` or `.../v1/traces` for `otlp-http` (the path is added when
   * missing), `http://otel-collector:4317` for `otlp-grpc`. Unset: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, then
   * `OTEL_EXPORTER_OTLP_ENDPOINT`. Jaeger takes OTLP itself on those ports.
   */
  @UrlField() endpoint?: string;

  /** Headers (HTTP) or metadata (gRPC) sent with each export, e.g. an API key; merged over `OTEL_EXPORTER_OTLP_HEADERS`. @default {} */
  @Secret() @StringMapField() headers: Record<string, string> = {};

  /** How long one export request may take. Unset: `OTEL_EXPORTER_OTLP_TIMEOUT`, then 10s. */
  @DurationField({ min: 10, max: 120_000, optional: true }) timeout?: DurationMs;

  /** Compression of export requests. Unset: `OTEL_EXPORTER_OTLP_COMPRESSION`, then none. */
  @StringField({ optional: true, pattern: /^(none|gzip)$/, describe: '"none" or "gzip"' }) compression?: 'none' | 'gzip';

  /** `service.name`. Unset: `OTEL_SERVICE_NAME`, then `service.name` in `OTEL_RESOURCE_ATTRIBUTES`, then "app". */
  @StringField({ optional: true, min: 1, max: 255 }) service_name?: string;

  /** `service.version`. Unset: from `OTEL_RESOURCE_ATTRIBUTES`, then `npm_package_version`. */
  @StringField({ optional: true, min: 1, max: 255 }) service_version?: string;

  /** `deployment.environment.name`. Unset: from `OTEL_RESOURCE_ATTRIBUTES`, then `NODE_ENV`. */
  @StringField({ optional: true, min: 1, max: 255 }) environment?: string;

  /** More resource attributes; they win over `OTEL_RESOURCE_ATTRIBUTES`. @default {} */
  @StringMapField() resource_attributes: Record<string, string> = {};

  /** Share of ordinary traces kept by the head sampler (0 turns ratio sampling off, reservoir included). @default 0.01 */
  @NumberField(0, 1) sample_rate = 0.01;

  /**
   * Traces per second the ratio sampler aims at: under load `sample_rate` is lowered so that about this many are
   * kept. 0 keeps `sample_rate` fixed. @default 10
   */
  @NumberField(0, 1_000_000) target_traces_per_second = 10;

  /** The first this-many traces of each second are kept whatever the ratio (a floor for quiet services). @default 1 */
  @IntField(0, 100_000) reservoir_per_second = 1;

  /** Ratio-sampled traces per second never exceed this (a spike does not multiply export volume). @default 100 */
  @NumberField(0, 1_000_000) max_traces_per_second = 100;

  /** Keep errors, slow requests and critical routes by a tail decision, on top of `sample_rate`. @default true */
  @BoolField() intelligent_sampling = true;

  /** Requests slower than this are kept. @default "1s" */
  @DurationField({ min: 1 }) slow_threshold = 1_000 as DurationMs;

  /** Route templates (`/api/orders/:id`) whose requests are always kept, sampled from their first span. @default [] */
  @StringListField({ pattern: /^\//, describe: 'a list of route templates starting with "/"' }) critical_routes: string[] = [];

  /**
   * Enable or disable auto-instrumentations by name, over the defaults in {@link TRACING_INSTRUMENTATIONS}. Any
   * instrumentation `@opentelemetry/auto-instrumentations-node` offers (`kafkajs`, `graphql`, `aws-sdk`, ...) can be
   * enabled by the name after `@opentelemetry/instrumentation-` when that package is installed; it is loaded only then.
   * @default {}
   */
  @InstrumentationMapField() instrumentations: Partial<Record<TracingInstrumentationName, boolean>> & Record<string, boolean> = {};

  /** Spans kept in process by the `memory` exporter (the most recent ones). @default 2000 */
  @IntField(1, 1_000_000) memory_max_spans = 2000;

  /** Application shutdown waits at most this long for spans to be exported. @default "2s" */
  @DurationField({ min: 10, max: 60_000 }) shutdown_timeout = 2_000 as DurationMs;

  @Section(() => TailBufferConfig) tail_buffer: TailBufferConfig = new TailBufferConfig();

  @Section(() => TracingBatchConfig) batch: TracingBatchConfig = new TracingBatchConfig();
}

/** Rules between fields of the section, for `validate-config.ts`. */
export function tracingConfigIssues(tracing: TracingConfig): { field: string; value: unknown; expected: string }[] {
  const issues: { field: string; value: unknown; expected: string }[] = [];
  if (tracing.batch.max_export_batch_size > tracing.batch.max_queue_size) {
    issues.push({
      field: 'batch.max_export_batch_size',
      value: tracing.batch.max_export_batch_size,
      expected: `at most batch.max_queue_size (${tracing.batch.max_queue_size})`,
    });
  }
  if (tracing.tail_buffer.max_spans_per_trace > tracing.tail_buffer.max_spans) {
    issues.push({
      field: 'tail_buffer.max_spans_per_trace',
      value: tracing.tail_buffer.max_spans_per_trace,
      expected: `at most tail_buffer.max_spans (${tracing.tail_buffer.max_spans})`,
    });
  }
  if (tracing.sample_rate > 0 && tracing.reservoir_per_second > tracing.max_traces_per_second) {
    issues.push({
      field: 'reservoir_per_second',
      value: tracing.reservoir_per_second,
      expected: `at most max_traces_per_second (${tracing.max_traces_per_second})`,
    });
  }
  tracing.critical_routes.forEach((template, i) => {
    try {
      pathToRegexp(template);
    } catch (error) {
      issues.push({
        field: `critical_routes[${i}]`,
        value: template,
        expected: `a route template such as "/api/orders/:id" (${(error as Error).message.split(';')[0]})`,
      });
    }
  });
  return issues;
}

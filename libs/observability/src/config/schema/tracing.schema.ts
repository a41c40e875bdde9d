import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, NumberField, OneOf, StringField, StringListField, UrlField } from './validators.js';

/** `observability.tracing`. */
export class TracingConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Where spans go: OTLP (`otlp-http`, `otlp-grpc`), `console`, `memory` (kept in-process), or `none`. @default "memory" */
  @OneOf(['otlp-http', 'otlp-grpc', 'console', 'memory', 'none']) exporter: 'otlp-http' | 'otlp-grpc' | 'console' | 'memory' | 'none' = 'memory';

  /** Collector endpoint, e.g. `http://otel-collector:4318/v1/traces`. */
  @UrlField() endpoint?: string;

  /** `service.name` resource attribute. @default "app" */
  @StringField({ min: 1, max: 255 }) service_name = 'app';

  /** Share of ordinary traces kept by the head sampler. @default 0.01 */
  @NumberField(0, 1) sample_rate = 0.01;

  /** Keep errors, slow requests and critical routes by a tail decision, on top of `sample_rate`. @default true */
  @BoolField() intelligent_sampling = true;

  /** Requests slower than this are kept. @default "1s" */
  @DurationField({ min: 1 }) slow_threshold = 1_000 as DurationMs;

  /** Route templates always kept. @default [] */
  @StringListField({ pattern: /^\//, describe: 'a list of route templates starting with "/"' }) critical_routes: string[] = [];
}

import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, NumberField, RoutePathField, Section } from './validators.js';

/** `observability.adaptive.scaling`: the load history, its forecast and the instance count it recommends. */
export class ScalingConfig {
  /** Serve the advice at `path` for holders of `management.token`. @default true */
  @BoolField() enabled = true;

  /** @default "/scaling" */
  @RoutePathField() path = '/scaling';

  /** One history point per this long (the average of the governor's readings in it). @default "1m" */
  @DurationField({ min: 1_000, max: 3_600_000 }) resolution = 60_000 as DurationMs;

  /** How much history is kept (at most 10000 points). @default "6h" */
  @DurationField({ min: 60_000, max: 604_800_000 }) window = 21_600_000 as DurationMs;

  /** How far ahead the forecast looks. @default "1h" */
  @DurationField({ min: 60_000, max: 604_800_000 }) horizon = 3_600_000 as DurationMs;

  /** History points needed before a forecast is made. @default 10 */
  @IntField(3, 10_000) min_points = 10;

  /** Event-loop utilisation (0 to 1) at which an instance is saturated: the advice says when it is crossed. @default 0.8 */
  @NumberField(0.05, 1) max_utilization = 0.8;

  /** Event-loop utilisation the recommended instance count keeps each instance under. @default 0.6 */
  @NumberField(0.05, 1) target_utilization = 0.6;

  /** Instances serving now (one app cannot see its siblings; set it from your orchestrator). @default 1 */
  @IntField(1, 100_000) instances = 1;
}

/** `observability.adaptive`: telemetry that steps down under load and back up after. */
export class AdaptiveConfig {
  /** Read the load every `interval` and step telemetry down and up. @default true */
  @BoolField() enabled = true;

  /** How often the load is read. @default "5s" */
  @DurationField({ min: 10, max: 600_000 }) interval = 5_000 as DurationMs;

  /** Budget: event-loop utilisation (0 to 1) over one interval. @default 0.9 */
  @NumberField(0.01, 1) max_event_loop_utilization = 0.9;

  /** Budget: requests per second; 0 sets none. @default 0 */
  @NumberField(0, 10_000_000) max_requests_per_second = 0;

  /** Budget: share of the event loop spent in the suite's own per-request work (measured). @default 0.05 */
  @NumberField(0.0001, 1) max_overhead_share = 0.05;

  /** A step back up needs every reading under this fraction of its budget (the hysteresis band). @default 0.75 */
  @NumberField(0.05, 0.99) recovery_ratio = 0.75;

  /** Consecutive intervals over a budget before one step down. @default 3 */
  @IntField(1, 1_000) step_down_after = 3;

  /** Consecutive intervals under the recovery threshold before one step back up. @default 6 */
  @IntField(1, 1_000) step_up_after = 6;

  /** Each step down multiplies the trace sample rate by this. @default 0.5 */
  @NumberField(0.01, 0.99) step_factor = 0.5;

  /** Steps down at most (the sample rate never goes below `step_factor ^ max_level` of its own). @default 4 */
  @IntField(1, 30) max_level = 4;

  /** The suite's per-request work is timed for one request in this many. @default 64 */
  @IntField(1, 1_000_000) overhead_sample_every = 64;

  @Section(() => ScalingConfig) scaling: ScalingConfig = new ScalingConfig();
}

/** Rules between fields of the section, for `validate-config.ts`. */
export function adaptiveConfigIssues(adaptive: AdaptiveConfig): { field: string; value: unknown; expected: string }[] {
  const issues: { field: string; value: unknown; expected: string }[] = [];
  const scaling = adaptive.scaling;
  if (scaling.target_utilization >= scaling.max_utilization) {
    issues.push({
      field: 'scaling.target_utilization',
      value: scaling.target_utilization,
      expected: `below scaling.max_utilization (${scaling.max_utilization})`,
    });
  }
  if (scaling.resolution < adaptive.interval) {
    issues.push({ field: 'scaling.resolution', value: scaling.resolution, expected: `at least interval (${adaptive.interval} ms)` });
  }
  if (scaling.window / scaling.resolution > 10_000) {
    issues.push({
      field: 'scaling.window',
      value: scaling.window,
      expected: `at most 10000 × scaling.resolution (${scaling.resolution * 10_000} ms)`,
    });
  }
  if (scaling.window < scaling.resolution * scaling.min_points) {
    issues.push({
      field: 'scaling.window',
      value: scaling.window,
      expected: `at least scaling.min_points × scaling.resolution (${scaling.resolution * scaling.min_points} ms)`,
    });
  }
  return issues;
}

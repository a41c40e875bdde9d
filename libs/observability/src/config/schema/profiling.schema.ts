import { Equals } from './class-validator.js';
import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, NumberField, Secret, StringField, StringMapField, UrlField } from './validators.js';

const PGO_REJECTED =
  "false: Go's profile-guided optimisation has no V8 equivalent (V8 optimises from its own runtime feedback and takes no profile as input); use /debug/pprof/insights for hot spots and module.enableCompileCache() for startup (see docs/profiling.md)";

/** `observability.profiling`: CPU and heap profiles, on demand, on a schedule, and pushed to Pyroscope. */
export class ProfilingConfig {
  /** Nothing is loaded (not even the native profiler) unless this is true. @default false */
  @BoolField() enabled = false;

  /** How often a scheduled capture (a CPU profile and a heap profile) runs. @default "1m" */
  @DurationField({ min: 1_000 }) interval = 60_000 as DurationMs;

  /** Length of the CPU profile each scheduled capture takes; shorter than `interval`. @default "10s" */
  @DurationField({ min: 100, max: 300_000 }) cpu_duration = 10_000 as DurationMs;

  /** Average time between two CPU samples, in microseconds (1000 = 1 kHz). @default 10000 */
  @IntField(100, 1_000_000) sampling_interval_us = 10_000;

  /** Average bytes allocated between two heap samples. @default 524288 */
  @IntField(1_024, 67_108_864) heap_sampling_bytes = 524_288;

  /** Profiles of each kind (CPU, heap) kept in memory. @default 10 */
  @IntField(1, 1_000) keep = 10;

  /** Bytes all kept profiles may use (oldest dropped first). @default 16777216 */
  @IntField(65_536, 1_073_741_824) max_store_bytes = 16_777_216;

  /**
   * Label CPU samples with the route template of the request they ran for (and the span id of traces the suite
   * kept), and measure CPU time beside wall time. Each request then runs in a profiler context of its own, which
   * is most of what profiling costs a fast endpoint (docs/profiling.md). Off: wall time only, no labels.
   * @default true
   */
  @BoolField() attribution = true;

  /** Serve `/debug/pprof/*` (behind `management.token`). @default false */
  @BoolField() endpoints = false;

  /** Longest `?seconds=` an on-demand CPU profile may ask for. @default 60 */
  @IntField(1, 600) max_profile_seconds = 60;

  /** Pyroscope server, e.g. `http://pyroscope:4040`. Unset: nothing is pushed. */
  @UrlField() pyroscope_endpoint?: string;

  /**
   * How often profiles are pushed to Pyroscope. Measured (docs/profiling.md), Pyroscope mode costs a trivial
   * endpoint 16% of its throughput at 60 s and 25% at 15 s; 60 s is also Pyroscope's own SDK's default.
   * @default "60s"
   */
  @DurationField({ min: 1_000, max: 600_000 }) upload_interval = 60_000 as DurationMs;

  /**
   * With Pyroscope: the share of upload intervals the CPU profiler runs — 1 interval in round(1 / value); the
   * others push no CPU profile (the heap profile is pushed every interval). Without Pyroscope it has no effect (the
   * CPU profiler runs only during captures). @default 1
   */
  @NumberField(0.01, 1) cpu_duty_cycle = 1;

  /** How long one upload may take before it is abandoned and counted as dropped. @default "10s" */
  @DurationField({ min: 100, max: 120_000 }) upload_timeout = 10_000 as DurationMs;

  /** Bearer token for Pyroscope (Grafana Cloud, a gateway). */
  @Secret() @StringField({ optional: true, min: 1 }) pyroscope_token?: string;

  /** Application name in Pyroscope. @default "app" */
  @StringField({ min: 1, max: 255, pattern: /^[A-Za-z0-9._-]+$/, describe: 'letters, digits, . _ - (1 to 255)' }) application_name = 'app';

  /** `environment` tag. Unset: `NODE_ENV`, then "development". */
  @StringField({ optional: true, min: 1, max: 255 }) environment?: string;

  /** `version` tag. Unset: `npm_package_version`, then "unknown". */
  @StringField({ optional: true, min: 1, max: 255 }) version?: string;

  /** More tags on every pushed profile (service, environment and version are set for you). @default {} */
  @StringMapField({ keyPattern: /^[A-Za-z_][A-Za-z0-9_.]*$/, describe: 'a map of tag names (letters, digits, _ .) to strings' })
  tags: Record<string, string> = {};

  /**
   * Kept from the seed's schema and rejected when true: Go's PGO has no V8 equivalent. @default false
   */
  @Equals(false, { message: PGO_REJECTED }) pgo_enabled = false;
}

/** Rules across fields of `observability.profiling`. */
export function profilingConfigIssues(profiling: ProfilingConfig): { field: string; value: unknown; expected: string }[] {
  if (profiling.cpu_duration >= profiling.interval) {
    return [
      { field: 'cpu_duration', value: profiling.cpu_duration, expected: `shorter than profiling.interval (${profiling.interval}ms)` },
    ];
  }
  return [];
}

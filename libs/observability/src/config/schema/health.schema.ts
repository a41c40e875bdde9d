import { Type } from './class-transformer.js';
import { ValidateBy, ValidateNested } from './class-validator.js';
import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, IntField, OneOf, RoutePathField, Section, StringField, UrlField } from './validators.js';

const CHECK_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const CHECK_NAME_DESCRIPTION = 'a check name: lowercase letters, digits and _, starting with a letter (at most 63 characters)';

/** `observability.health.checks.memory`: heap and resident-set thresholds. */
export class MemoryCheckConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Down when the V8 heap in use exceeds this many MiB. Unset: 95% of V8's heap limit (`--max-old-space-size`). */
  @IntField(1, 1_048_576, true) max_heap_used_mb?: number;

  /** Down when the resident set size exceeds this many MiB (set it below the container's memory limit). Unset: not checked. */
  @IntField(1, 1_048_576, true) max_rss_mb?: number;
}

/** `observability.health.checks.disk`: free space on the file system holding `path`. */
export class DiskCheckConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Any path on the file system to watch. @default "/" */
  @StringField({ min: 1 }) path = '/';

  /** Down when more than this percentage of the file system is used. @default 95 */
  @IntField(1, 100) max_used_percent = 95;
}

/** `observability.health.checks.event_loop`: event-loop delay, the first symptom of a saturated process. */
export class EventLoopCheckConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Down when the 99th percentile of the event-loop delay over the window exceeds this. @default "1s" */
  @DurationField({ min: 1, max: 60_000 }) max_p99 = 1_000 as DurationMs;

  /** The window the percentile is taken over (the last complete one). @default "10s" */
  @DurationField({ min: 100, max: 3_600_000 }) window = 10_000 as DurationMs;
}

/** `observability.health.checks.llm`: provider health as tracked by the metrics pillar's AIMetrics. */
export class LlmCheckConfig {
  /** Report LLM providers (only when the metrics pillar is on). @default true */
  @BoolField() enabled = true;
}

/** One entry of `observability.health.checks.http`: a dependency answering over HTTP. */
export class HttpCheckConfig {
  /** The check's name in the report and in the `check` metric label. */
  @StringField({ pattern: CHECK_NAME, describe: CHECK_NAME_DESCRIPTION }) name!: string;

  /** What to GET. Credentials in the URL are used but never shown in a health response. */
  @UrlField(false) url!: string;

  /** The status the dependency must answer with. @default 200 */
  @IntField(100, 599) expected_status = 200;
}

/** `observability.health.checks`: the built-in indicators the suite runs for you. */
export class HealthChecksConfig {
  @Section(() => MemoryCheckConfig) memory: MemoryCheckConfig = new MemoryCheckConfig();
  @Section(() => DiskCheckConfig) disk: DiskCheckConfig = new DiskCheckConfig();
  @Section(() => EventLoopCheckConfig) event_loop: EventLoopCheckConfig = new EventLoopCheckConfig();
  @Section(() => LlmCheckConfig) llm: LlmCheckConfig = new LlmCheckConfig();

  /** HTTP dependencies. @default [] */
  @Type(() => HttpCheckConfig)
  @ValidateNested({ each: true })
  @ValidateBy(
    {
      name: 'isHttpCheckList',
      validator: {
        validate: (v: unknown) => {
          if (!Array.isArray(v) || v.length > 50 || !v.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) return false;
          const names = v.map((e: { name?: unknown }) => e.name);
          return new Set(names).size === names.length;
        },
      },
    },
    {
      message: ({ value }) => {
        const names: unknown[] = Array.isArray(value) ? value.map((e: { name?: unknown } | null) => e?.name) : [];
        const repeated = names.find((n, i) => names.indexOf(n) !== i);
        return `a list of at most 50 mappings (name, url, expected_status) with unique names${repeated === undefined ? '' : `; ${JSON.stringify(repeated)} appears more than once`}`;
      },
    },
  )
  http: HttpCheckConfig[] = [];
}

/** `observability.health`. */
export class HealthConfig {
  /** @default true */
  @BoolField() enabled = true;

  /** Serve health on a separate listener on this port (and only there); unset serves it on the app's own port. */
  @IntField(1, 65_535, true) port?: number;

  /** Interface of that listener (`health.port`). @default all interfaces */
  @StringField({ optional: true, min: 1, describe: 'a host name or IP address' }) host?: string;

  /** Full report here, liveness at `<path>/live`, readiness at `<path>/ready`. @default "/health" */
  @RoutePathField() path = '/health';

  /** Per-check timeout: a check still running after it reports down ("timeout after 5s"). @default "5s" */
  @DurationField({ min: 1, max: 300_000 }) timeout = 5_000 as DurationMs;

  /** How often checks are refreshed in the background; probes are answered from the latest results. @default "30s" */
  @DurationField({ min: 100 }) interval = 30_000 as DurationMs;

  /** Who sees check details (errors, pool stats, hosts); everyone else gets the status only. @default "when_authorized" */
  @OneOf(['always', 'never', 'when_authorized']) show_details: 'always' | 'never' | 'when_authorized' = 'when_authorized';

  /**
   * On SIGTERM, readiness answers 503 at once; the app keeps serving for this long (so load balancers and
   * Kubernetes stop routing to it) before it stops accepting connections. Set it above the readiness probe's
   * period × failure threshold in production ("10s" is common). @default "0s"
   */
  @DurationField({ min: 0, max: 300_000 }) drain_delay = 0 as DurationMs;

  @Section(() => HealthChecksConfig) checks: HealthChecksConfig = new HealthChecksConfig();
}

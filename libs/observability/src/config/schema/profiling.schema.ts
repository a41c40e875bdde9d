import type { DurationMs } from '../duration.js';
import { BoolField, DurationField, UrlField } from './validators.js';

/** `observability.profiling`. */
export class ProfilingConfig {
  /** @default false */
  @BoolField() enabled = false;

  /** How often a profile is captured. @default "1m" */
  @DurationField({ min: 1_000 }) interval = 60_000 as DurationMs;

  /** Pyroscope server, e.g. `http://pyroscope:4040`. */
  @UrlField() pyroscope_endpoint?: string;

  /** Keep a merged CPU profile for profile-guided optimisation. @default false */
  @BoolField() pgo_enabled = false;
}

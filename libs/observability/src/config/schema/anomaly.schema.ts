import type { DurationMs } from '../duration.js';
import { DurationField, IntField, StringField } from './validators.js';

/** `alerts.anomaly`: where the learnt baselines of `type: anomaly` rules live. */
export class AnomalyConfig {
  /**
   * JSON file the baselines are saved to (every `save_interval` and at shutdown) and restored from at startup, so
   * that a restart does not warm them up again; relative to the configuration file when loaded from one. A
   * different `service.version` in the file (a deploy) starts them afresh. Unset: baselines live in memory only.
   */
  @StringField({ optional: true, min: 1 }) state_file?: string;

  /** How often the state file is written. @default "5m" */
  @DurationField({ min: 1_000, max: 86_400_000 }) save_interval = 300_000 as DurationMs;

  /** Series all anomaly rules together track at most (beyond it new series are not scored; one warning). @default 1000 */
  @IntField(1, 100_000) max_series = 1000;
}

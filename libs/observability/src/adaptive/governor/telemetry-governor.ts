import type { LoadHistory } from '../scaling/load-history.js';
import type { GovernorPolicy, LevelChange } from './governor-policy.js';
import type { LoadReadings } from './load-readings.js';
import type { AppliedLevel, TelemetryLevels } from './telemetry-levels.js';

/** What the governor knows now. */
export interface GovernorStatus {
  readonly level: number;
  readonly applied: AppliedLevel;
  /** The last interval's readings (undefined before the first). */
  readonly readings: LoadReadings | undefined;
  /** The last change of level, unix ms. */
  readonly lastChangeAt: number | undefined;
  /** The suite's per-request work as last measured (the last interval that timed any request). */
  readonly overhead: { readonly seconds: number; readonly share: number } | undefined;
}

export interface TelemetryGovernorParts {
  readonly policy: GovernorPolicy;
  readonly levels: TelemetryLevels;
  readonly history: LoadHistory;
  /** The interval's readings (a {@link LoadMeter}, or a script in tests). */
  readonly read: () => LoadReadings;
  /** Unix ms. */
  readonly clock: () => number;
  /** Told of every change of level, once it is applied. */
  readonly onChange: (change: LevelChange, applied: AppliedLevel, readings: LoadReadings) => void;
}

/**
 * One app's load governor, without Nest: each {@link tick} reads the load, records it in the history, asks the
 * policy whether to change level and applies the change. Knows no timer: the caller decides when it ticks.
 */
export class TelemetryGovernor {
  private applied: AppliedLevel;
  private readings?: LoadReadings;
  private lastChangeAt?: number;
  private overhead?: { seconds: number; share: number };

  constructor(private readonly parts: TelemetryGovernorParts) {
    this.applied = parts.levels.apply(0);
  }

  tick(): LevelChange | undefined {
    const { policy, levels, history, read, clock, onChange } = this.parts;
    const readings = read();
    this.readings = readings;
    if (readings.overheadSeconds !== undefined && readings.overheadShare !== undefined) {
      this.overhead = { seconds: readings.overheadSeconds, share: readings.overheadShare };
    }
    history.add(clock(), readings);
    const change = policy.observe(readings);
    if (!change) return undefined;
    this.applied = levels.apply(change.to);
    this.lastChangeAt = clock();
    onChange(change, this.applied, readings);
    return change;
  }

  status(): GovernorStatus {
    return {
      level: this.parts.policy.level,
      applied: this.applied,
      readings: this.readings,
      lastChangeAt: this.lastChangeAt,
      overhead: this.overhead,
    };
  }

  /** Full telemetry again (the app is shutting down: a shared sampler and the log level are given back). */
  release(): void {
    this.applied = this.parts.levels.apply(0);
  }
}

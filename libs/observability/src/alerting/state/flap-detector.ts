import type { FlapStatus } from '../interfaces/alert.interface.js';

export interface FlapDetectorOptions {
  /** Evaluations the history covers (Nagios keeps 21). At least 3. */
  readonly history: number;
  /** An alert starts flapping when its weighted share of state changes reaches this (0…1). */
  readonly high: number;
  /** A flapping alert stops once its share falls below this (0…1, at most `high`). */
  readonly low: number;
}

interface Track {
  /** Firing or not at each of the last `history` evaluations, oldest first. */
  readonly states: boolean[];
  since?: number;
}

/** Nagios's curve: the oldest change weighs 0.75, the newest 1.25, so a recent burst counts more than an old one. */
const OLDEST_WEIGHT = 0.75;
const NEWEST_WEIGHT = 1.25;

/**
 * Flap detection as Nagios does it: per alert, whether it fired at each of the last `history` evaluations; the
 * weighted share of evaluations at which it changed state (firing ↔ not) is compared with two thresholds — it
 * starts flapping above `high` and stops only below `low`, so one more or less change at the edge does not toggle
 * it. A new alert's history starts as "not firing" (its first firing is one change).
 */
export class FlapDetector {
  private readonly tracks = new Map<string, Track>();
  private readonly history: number;

  constructor(private readonly options: FlapDetectorOptions) {
    this.history = Math.max(3, Math.floor(options.history));
  }

  /**
   * Records one evaluation: the fingerprints firing at `at`; every other tracked alert is not firing. Returns the
   * fingerprints whose state changed at this evaluation while they were flapping (changes held back).
   */
  observe(at: number, firing: ReadonlySet<string>): string[] {
    for (const fp of firing) {
      if (!this.tracks.has(fp)) this.tracks.set(fp, { states: new Array<boolean>(this.history).fill(false) });
    }
    const held: string[] = [];
    for (const [fp, track] of this.tracks) {
      const now = firing.has(fp);
      const changed = track.states[track.states.length - 1] !== now;
      track.states.push(now);
      track.states.shift();
      const ratio = changeRatio(track.states);
      if (track.since === undefined && ratio >= this.options.high) track.since = at;
      else if (track.since !== undefined && ratio < this.options.low) track.since = undefined;
      if (changed && track.since !== undefined) held.push(fp);
      if (track.since === undefined && track.states.every((s) => !s)) this.tracks.delete(fp);
    }
    return held;
  }

  /** The alert's flap state while it is flapping; undefined otherwise. */
  status(fingerprint: string): FlapStatus | undefined {
    const track = this.tracks.get(fingerprint);
    if (track?.since === undefined) return undefined;
    return {
      changes: changes(track.states),
      ratio: round(changeRatio(track.states)),
      evaluations: this.history,
      since: new Date(track.since),
    };
  }
}

function changes(states: readonly boolean[]): number {
  let n = 0;
  for (let i = 1; i < states.length; i++) if (states[i] !== states[i - 1]) n++;
  return n;
}

/** Nagios's curved percent state change, as a share: Σ weightᵢ·changedᵢ / (history − 1). */
function changeRatio(states: readonly boolean[]): number {
  const transitions = states.length - 1;
  const step = (NEWEST_WEIGHT - OLDEST_WEIGHT) / Math.max(1, transitions - 1);
  let sum = 0;
  for (let i = 1; i < states.length; i++) if (states[i] !== states[i - 1]) sum += OLDEST_WEIGHT + step * (i - 1);
  return sum / transitions;
}

function round(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}

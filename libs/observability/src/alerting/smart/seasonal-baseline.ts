import { EwStats, type EwSnapshot } from './ew-stats.js';

/** The whole state of a {@link SeasonalBaseline}, beyond the options it was built with. */
export interface SeasonalSnapshot {
  readonly intervalMs: number;
  readonly startMs: number;
  readonly level: number;
  readonly levelCount: number;
  readonly settled: boolean;
  /** One offset per slot (the raw value of the first period's slots until settled). */
  readonly profile: readonly number[];
  /** Slots the first period filled. */
  readonly filled: readonly number[];
  readonly residuals: EwSnapshot;
}

/**
 * Level plus a profile of one period (a day, a week) in slots as wide as the sampling interval. The first period
 * is recorded as it comes; when it is complete its mean becomes the level and each slot its offset from it. After
 * that the level and each slot's offset learn one sample at a time.
 */
export class SeasonalBaseline {
  readonly residuals: EwStats;
  private level = 0;
  private levelCount = 0;
  private settled = false;
  private readonly profile: Float64Array;
  private readonly filled: Uint8Array;
  private readonly slotMs: number;

  constructor(
    private readonly periodMs: number,
    private readonly intervalMs: number,
    maxSlots: number,
    private readonly levelAlpha: number,
    private readonly slotAlpha: number,
    private readonly startMs: number,
  ) {
    const slots = Math.min(maxSlots, Math.max(1, Math.round(periodMs / Math.max(intervalMs, 1))));
    this.profile = new Float64Array(slots);
    this.filled = new Uint8Array(slots);
    this.slotMs = periodMs / slots;
    this.residuals = new EwStats(levelAlpha);
  }

  /** Whether a whole period has been seen at `timestampMs`: only then does the profile predict. */
  ready(timestampMs: number): boolean {
    return timestampMs - this.startMs >= this.periodMs;
  }

  /** The value expected at `timestampMs`: level plus the slot's offset (the running mean before a whole period). */
  expected(timestampMs: number): number {
    if (!this.ready(timestampMs)) return this.level;
    this.settle();
    return this.level + (this.profile[this.slot(timestampMs)] as number);
  }

  /** Slots per period. */
  get slots(): number {
    return this.profile.length;
  }

  snapshot(): SeasonalSnapshot {
    return {
      intervalMs: this.intervalMs,
      startMs: this.startMs,
      level: this.level,
      levelCount: this.levelCount,
      settled: this.settled,
      profile: Array.from(this.profile),
      filled: Array.from(this.filled),
      residuals: this.residuals.snapshot(),
    };
  }

  /** Takes over a snapshot's learning; its profile must have as many slots as this baseline. */
  restore(state: SeasonalSnapshot): void {
    this.level = state.level;
    this.levelCount = state.levelCount;
    this.settled = state.settled;
    this.profile.set(state.profile);
    this.filled.set(state.filled);
    this.residuals.restore(state.residuals);
  }

  add(value: number, timestampMs: number, clipSd: number): void {
    const slot = this.slot(timestampMs);
    this.levelCount++;
    const w = this.levelAlpha > 1 / this.levelCount ? this.levelAlpha : 1 / this.levelCount;
    if (!this.ready(timestampMs)) {
      this.profile[slot] = value;
      this.filled[slot] = 1;
      this.level += w * (value - this.level);
      return;
    }
    this.settle();
    const offset = this.profile[slot] as number;
    this.residuals.add(value - this.level - offset, clipSd);
    this.level += w * (value - offset - this.level);
    this.profile[slot] = offset + this.slotAlpha * (value - this.level - offset);
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < this.profile.length; i++) {
      if (this.filled[i] === 1) {
        sum += this.profile[i] as number;
        n++;
      }
    }
    this.level = n > 0 ? sum / n : this.level;
    for (let i = 0; i < this.profile.length; i++) this.profile[i] = this.filled[i] === 1 ? (this.profile[i] as number) - this.level : 0;
  }

  private slot(timestampMs: number): number {
    const phase = (((timestampMs - this.startMs) % this.periodMs) + this.periodMs) % this.periodMs;
    return Math.min(this.profile.length - 1, Math.floor(phase / this.slotMs));
  }
}

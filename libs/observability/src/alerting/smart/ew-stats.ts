/** The whole state of an {@link EwStats}. */
export interface EwSnapshot {
  readonly mean: number;
  readonly variance: number;
  readonly count: number;
}

/** Samples before clipping applies: the first ones must be free to set the scale. */
const CLIP_AFTER = 30;

/**
 * Exponentially weighted mean and variance. The weight starts at 1/n and only falls to `alpha` after 1/alpha
 * samples, so the first samples are averaged as a plain mean rather than pulled towards zero.
 */
export class EwStats {
  mean = 0;
  variance = 0;
  private count = 0;

  constructor(private readonly alpha: number) {}

  get samples(): number {
    return this.count;
  }

  /** Standard deviation, never below `floor` (a flat series has none, and a division by it must stay finite). */
  deviation(floor: number): number {
    const sd = Math.sqrt(this.variance);
    return sd > floor ? sd : floor;
  }

  /** What a restart needs to carry on where this left off. */
  snapshot(): EwSnapshot {
    return { mean: this.mean, variance: this.variance, count: this.count };
  }

  restore(state: EwSnapshot): void {
    this.mean = state.mean;
    this.variance = state.variance;
    this.count = state.count;
  }

  /**
   * Adds x. Once the statistics rest on CLIP_AFTER samples, a deviation beyond `clipSd` standard deviations moves the
   * mean as if it were that large (Huber): one outlier cannot drag the baseline. The variance takes it whole: a
   * series whose normal life has spikes gets the wider scale it needs (clipping it too cost 20 NAB points).
   */
  add(x: number, clipSd: number): void {
    const clip = this.count >= CLIP_AFTER && this.variance > 0 ? clipSd * Math.sqrt(this.variance) : Infinity;
    this.count++;
    const w = this.alpha > 1 / this.count ? this.alpha : 1 / this.count;
    const d = x - this.mean;
    this.mean += w * (d > clip ? clip : d < -clip ? -clip : d);
    this.variance = (1 - w) * (this.variance + w * d * d);
  }
}

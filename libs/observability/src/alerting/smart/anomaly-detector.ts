import {
  type AnomalyDetectorOptions,
  type ResolvedAnomalyDetectorOptions,
  resolveAnomalyDetectorOptions,
} from './anomaly-detector.options.js';
import type { DetectorSnapshot } from './detector-snapshot.js';
import { EwStats } from './ew-stats.js';
import { SeasonalBaseline } from './seasonal-baseline.js';

/** What the detector made of one sample, with what it compared it against. */
export interface AnomalyPoint {
  /**
   * In [0, 1]; 0 during warm-up. z² / (z² + scoreScale²), with z first divided by tail / tailReference when the
   * series' own z-scores are heavier-tailed than that, and reduced when no more extreme than the recent peak.
   */
  readonly score: number;
  /** The value the baseline expected (level, plus the slot's offset when the seasonal model is in use). */
  readonly baseline: number;
  /** value − baseline. */
  readonly deviation: number;
  /** The baseline's standard deviation the deviation is measured in. */
  readonly scale: number;
  /** |deviation − typical deviation| / scale. */
  readonly zScore: number;
  /** The learnt tailQuantile of this series' z-scores: how large its ordinary excursions are. */
  readonly tail: number;
  /** Whether the seasonal model judged this sample. */
  readonly seasonal: boolean;
  /** False until warmupSamples samples have been seen: the score is held at 0. */
  readonly warm: boolean;
}

/** Squared errors of the two models are compared over roughly this many recent samples. */
const ERROR_ALPHA = 0.01;
/** Samples a model's statistics need before its z-scores mean anything. */
const SETTLE_SAMPLES = 30;
/** The smallest scale a deviation is measured in: a flat series has none. */
const SCALE_FLOOR = 1e-6;

/**
 * Streaming, causal anomaly detector for one series: each sample is scored against what the samples before it
 * taught, then learnt. O(1) time and memory per sample (plus one period of slots with seasonality).
 */
export class AnomalyDetector {
  private readonly options: ResolvedAnomalyDetectorOptions;
  private readonly level: EwStats;
  private seasonal: SeasonalBaseline | undefined;
  private levelError = 0;
  private seasonalError = 0;
  private peak = 0;
  private tail: number;
  private seen = 0;
  private firstMs = 0;

  constructor(options: AnomalyDetectorOptions = {}) {
    this.options = resolveAnomalyDetectorOptions(options);
    this.level = new EwStats(this.options.alpha);
    this.tail = this.options.tailReference;
  }

  /** Samples learnt so far (non-finite values are skipped). */
  get samples(): number {
    return this.seen;
  }

  /** The learnt state, as plain numbers (JSON-safe). */
  snapshot(): DetectorSnapshot {
    return {
      seen: this.seen,
      firstMs: this.firstMs,
      levelError: this.levelError,
      seasonalError: this.seasonalError,
      peak: this.peak,
      tail: this.tail,
      level: this.level.snapshot(),
      ...(this.seasonal !== undefined ? { seasonal: this.seasonal.snapshot() } : {}),
    };
  }

  /**
   * A detector with `options` that carries on from `state` as if it had seen the samples itself. Throws when the
   * state was learnt with a different seasonality (another period's slots cannot be reused).
   */
  static restore(options: AnomalyDetectorOptions, state: DetectorSnapshot): AnomalyDetector {
    const detector = new AnomalyDetector(options);
    detector.seen = state.seen;
    detector.firstMs = state.firstMs;
    detector.levelError = state.levelError;
    detector.seasonalError = state.seasonalError;
    detector.peak = state.peak;
    detector.tail = state.tail;
    detector.level.restore(state.level);
    const s = detector.options.seasonality;
    if ((s === undefined) !== (state.seasonal === undefined) && !(s !== undefined && state.seen < 2)) {
      throw new Error('anomaly detector: the saved state was learnt with another seasonality');
    }
    if (s !== undefined && state.seasonal !== undefined) {
      const season = new SeasonalBaseline(
        s.periodMs,
        state.seasonal.intervalMs,
        s.maxSlots,
        detector.options.alpha,
        s.slotAlpha,
        state.seasonal.startMs,
      );
      if (season.slots !== state.seasonal.profile.length) {
        throw new Error('anomaly detector: the saved state was learnt with another seasonality');
      }
      season.restore(state.seasonal);
      detector.seasonal = season;
    }
    return detector;
  }

  /** Scores `value` observed at `timestampMs`, then learns it. A non-finite value scores 0 and is not learnt. */
  update(value: number, timestampMs: number): AnomalyPoint {
    const o = this.options;
    if (!Number.isFinite(value)) return this.point(0, this.level.mean, 0, this.level.deviation(SCALE_FLOOR), 0, false, this.tail);
    this.seen++;
    this.trackSampling(timestampMs);
    const scale = this.level.deviation(SCALE_FLOOR);
    let baseline = this.level.mean;
    let deviation = value - baseline;
    let z = this.seen > 1 ? Math.abs(deviation) / scale : 0;
    let usedScale = scale;
    let seasonal = false;
    this.levelError += ERROR_ALPHA * (deviation * deviation - this.levelError);
    this.level.add(value, o.clip);
    const season = this.seasonal;
    if (season !== undefined && o.seasonality !== undefined) {
      const ready = season.ready(timestampMs);
      const expected = season.expected(timestampMs);
      const r = season.residuals;
      const rScale = r.deviation(SCALE_FLOOR);
      if (ready) {
        const e = value - expected;
        // Both errors start level, so the seasonal model has to earn its place.
        if (r.samples === 0) this.seasonalError = this.levelError;
        this.seasonalError += ERROR_ALPHA * (e * e - this.seasonalError);
        if (r.samples >= SETTLE_SAMPLES && this.seasonalError < o.seasonality.minGain * this.levelError) {
          baseline = expected;
          deviation = e;
          z = Math.abs(e - r.mean) / rScale;
          usedScale = rScale;
          seasonal = true;
        }
      }
      season.add(value, timestampMs, o.clip);
    }
    const tail = this.tail;
    // Multiplicative stochastic approximation of the tail quantile: it settles where a fraction 1 − q of z exceeds it.
    // The first z-scores rest on a handful of samples and would only teach it noise.
    if (this.seen > SETTLE_SAMPLES) this.tail *= Math.exp(z > tail ? o.tailRate * o.tailQuantile : -o.tailRate * (1 - o.tailQuantile));
    const zt = tail > o.tailReference ? (z * o.tailReference) / tail : z;
    let score = (zt * zt) / (zt * zt + o.scoreScale * o.scoreScale);
    const warm = this.seen > o.warmupSamples;
    if (zt <= this.peak) score *= o.repeatFactor;
    // The peak starts after warm-up: what the baseline said before it was settled is no reference.
    if (warm) this.peak = Math.max(this.peak * o.peakDecay, zt);
    return this.point(warm ? score : 0, baseline, deviation, usedScale, z, seasonal, tail);
  }

  /** The seasonal slots are as wide as the sampling interval, known from the second sample. */
  private trackSampling(timestampMs: number): void {
    const s = this.options.seasonality;
    if (s === undefined || this.seasonal !== undefined) return;
    if (this.seen === 1) this.firstMs = timestampMs;
    else
      this.seasonal = new SeasonalBaseline(
        s.periodMs,
        timestampMs - this.firstMs,
        s.maxSlots,
        this.options.alpha,
        s.slotAlpha,
        this.firstMs,
      );
  }

  private point(
    score: number,
    baseline: number,
    deviation: number,
    scale: number,
    zScore: number,
    seasonal: boolean,
    tail: number,
  ): AnomalyPoint {
    return { score, baseline, deviation, scale, zScore, tail, seasonal, warm: this.seen > this.options.warmupSamples };
  }
}

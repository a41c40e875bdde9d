/** A repeating pattern the baseline learns, e.g. a day of traffic. */
export interface SeasonalityOptions {
  /** Length of one period in ms. @default 86_400_000 (a day) */
  readonly periodMs?: number;
  /** Most slots per period; a slot is as wide as the sampling interval, but never narrower than period/maxSlots. @default 288 */
  readonly maxSlots?: number;
  /** Weight of a new sample in its slot's offset (each slot sees one sample per period). @default 0.2 */
  readonly slotAlpha?: number;
  /**
   * The seasonal model takes over once its recent squared error is below this fraction of the plain level model's:
   * a series without the pattern keeps the simpler model. @default 0.5
   */
  readonly minGain?: number;
}

export interface AnomalyDetectorOptions {
  /** Weight of a new sample in the baseline's mean and variance (≈ 1 / memory in samples). @default 0.001 */
  readonly alpha?: number;
  /** Deviations beyond this many standard deviations move the baseline's mean as if they were this large. @default 4 */
  readonly clip?: number;
  /** Samples seen before the score can leave 0. @default 100 */
  readonly warmupSamples?: number;
  /** z-score at which the score is 0.5: score = z² / (z² + scale²). @default 4 */
  readonly scoreScale?: number;
  /**
   * Factor applied to the score of a sample that is no more extreme than the recent peak, so that a lasting
   * excursion reports its start rather than every sample. @default 0.5
   */
  readonly repeatFactor?: number;
  /**
   * Quantile of its own z-scores the detector learns; a series whose quantile exceeds tailReference (spikes are its
   * normal life) has its z-scores scaled down by quantile / tailReference. @default 0.995
   */
  readonly tailQuantile?: number;
  /** z-score the tail quantile is brought back to. @default 3.5 */
  readonly tailReference?: number;
  /** Step of the tail quantile's estimate (log scale, per sample). @default 0.1 */
  readonly tailRate?: number;
  /** Per-sample decay of the recent peak (0.99 halves it in ~70 samples). @default 0.99 */
  readonly peakDecay?: number;
  /** Learn a daily (or other) pattern; off unless given. */
  readonly seasonality?: SeasonalityOptions;
}

export interface ResolvedAnomalyDetectorOptions {
  readonly alpha: number;
  readonly clip: number;
  readonly warmupSamples: number;
  readonly scoreScale: number;
  readonly repeatFactor: number;
  readonly peakDecay: number;
  readonly tailQuantile: number;
  readonly tailReference: number;
  readonly tailRate: number;
  readonly seasonality: Required<SeasonalityOptions> | undefined;
}

export const ANOMALY_DETECTOR_DEFAULTS = {
  alpha: 0.001,
  clip: 4,
  warmupSamples: 100,
  scoreScale: 4,
  repeatFactor: 0.5,
  peakDecay: 0.99,
  tailQuantile: 0.995,
  tailReference: 3.5,
  tailRate: 0.1,
} as const;

export const SEASONALITY_DEFAULTS: Required<SeasonalityOptions> = {
  periodMs: 86_400_000,
  maxSlots: 288,
  slotAlpha: 0.2,
  minGain: 0.5,
};

function check(field: string, value: number, ok: boolean, expected: string): number {
  if (!ok || !Number.isFinite(value)) throw new Error(`anomaly detector: ${field} is ${value}, expected ${expected}`);
  return value;
}

const unit = (v: number): boolean => v > 0 && v <= 1;

/** Applies the defaults and rejects values the detector cannot work with, naming the field. */
export function resolveAnomalyDetectorOptions(options: AnomalyDetectorOptions = {}): ResolvedAnomalyDetectorOptions {
  const o = { ...ANOMALY_DETECTOR_DEFAULTS, ...options };
  const s = options.seasonality === undefined ? undefined : { ...SEASONALITY_DEFAULTS, ...options.seasonality };
  return {
    alpha: check('alpha', o.alpha, unit(o.alpha), 'a number in (0, 1]'),
    clip: check('clip', o.clip, o.clip > 0, 'a positive number of standard deviations'),
    warmupSamples: check('warmupSamples', o.warmupSamples, Number.isInteger(o.warmupSamples) && o.warmupSamples >= 0, 'an integer ≥ 0'),
    scoreScale: check('scoreScale', o.scoreScale, o.scoreScale > 0, 'a positive z-score'),
    repeatFactor: check('repeatFactor', o.repeatFactor, o.repeatFactor >= 0 && o.repeatFactor <= 1, 'a number in [0, 1]'),
    peakDecay: check('peakDecay', o.peakDecay, o.peakDecay >= 0 && o.peakDecay <= 1, 'a number in [0, 1]'),
    tailQuantile: check('tailQuantile', o.tailQuantile, o.tailQuantile > 0 && o.tailQuantile < 1, 'a number in (0, 1)'),
    tailReference: check('tailReference', o.tailReference, o.tailReference > 0, 'a positive z-score'),
    tailRate: check('tailRate', o.tailRate, o.tailRate > 0 && o.tailRate <= 1, 'a number in (0, 1]'),
    seasonality:
      s === undefined
        ? undefined
        : {
            periodMs: check('seasonality.periodMs', s.periodMs, s.periodMs > 0, 'a positive number of ms'),
            maxSlots: check('seasonality.maxSlots', s.maxSlots, Number.isInteger(s.maxSlots) && s.maxSlots >= 1, 'an integer ≥ 1'),
            slotAlpha: check('seasonality.slotAlpha', s.slotAlpha, unit(s.slotAlpha), 'a number in (0, 1]'),
            minGain: check('seasonality.minGain', s.minGain, s.minGain > 0, 'a positive fraction'),
          },
  };
}

export interface AdaptiveRatioOptions {
  /** Share of traces kept while under the target. */
  sampleRate: number;
  /** Traces per second aimed at; 0 keeps `sampleRate` fixed. */
  targetPerSecond: number;
  /** Traces kept first in each second, whatever the ratio. */
  reservoirPerSecond: number;
  /** Kept traces per second never exceed this. */
  maxPerSecond: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
}

const WINDOW_MS = 1_000;
/** Weight of the newest second in the load estimate: reacts within a few seconds, ignores one odd second. */
const EWMA_ALPHA = 0.5;
const TWO_POW_52 = 2 ** 52;

/**
 * The ratio part of the head sampler, in one-second windows: a reservoir keeps the first few traces of each
 * second (a floor for quiet services, as AWS X-Ray does), the rest are kept with a probability that starts at
 * `sample_rate` and is lowered when the observed load would keep more than the target per second, and a cap
 * bounds what is kept in any one second (a spike faster than the adaptation does not multiply export volume).
 * The probability test uses the trace id's random bits, so it agrees with other services that sample the same
 * trace by ratio.
 */
export class AdaptiveRatio {
  private readonly now: () => number;
  private windowStart: number;
  private seen = 0;
  private kept = 0;
  private reservoirUsed = 0;
  private loadEstimate = -1;
  private probability: number;
  /** Multipliers set by load governors (one per app sharing this sampler); the lowest applies. */
  private readonly loadFactors = new Map<object, number>();
  private loadFactor = 1;

  constructor(private readonly options: AdaptiveRatioOptions) {
    this.now = options.now ?? (() => performance.now());
    this.windowStart = this.now();
    this.probability = options.sampleRate;
  }

  /** The probability applied beyond the reservoir in the current second (load factor included). */
  get currentProbability(): number {
    return this.probability * this.loadFactor;
  }

  /**
   * Multiplies the probability by `factor` (clamped to [0, 1]) on behalf of `owner`, an app's load governor, until it
   * sets 1 or undefined. Apps that share one preloaded provider each set their own; the lowest applies. The
   * reservoir and the tail's error, slow and critical keeps are not affected.
   */
  setLoadFactor(owner: object, factor: number | undefined): void {
    if (factor === undefined || !(factor < 1)) this.loadFactors.delete(owner);
    else this.loadFactors.set(owner, Math.max(factor, 0));
    this.loadFactor = Math.min(1, ...this.loadFactors.values());
  }

  /** Decides for one new trace. */
  shouldKeep(traceId: string): boolean {
    const { sampleRate, maxPerSecond, reservoirPerSecond } = this.options;
    if (sampleRate <= 0) return false;
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) this.roll(now);
    this.seen++;
    if (this.kept >= maxPerSecond) return false;
    if (this.reservoirUsed < reservoirPerSecond) {
      this.reservoirUsed++;
      this.kept++;
      return true;
    }
    if (traceRandom(traceId) < this.probability * this.loadFactor) {
      this.kept++;
      return true;
    }
    return false;
  }

  private roll(now: number): void {
    const elapsedS = Math.max((now - this.windowStart) / 1_000, 0.001);
    const rate = this.seen / elapsedS;
    this.loadEstimate = this.loadEstimate < 0 ? rate : EWMA_ALPHA * rate + (1 - EWMA_ALPHA) * this.loadEstimate;
    const { sampleRate, targetPerSecond } = this.options;
    this.probability =
      targetPerSecond > 0 && this.loadEstimate * sampleRate > targetPerSecond ? targetPerSecond / this.loadEstimate : sampleRate;
    this.windowStart = now;
    this.seen = 0;
    this.kept = 0;
    this.reservoirUsed = 0;
  }
}

/** A number in [0, 1) from the trace id's last 13 hex digits (the random part of a W3C trace id). */
export function traceRandom(traceId: string): number {
  // Read digit by digit: no substring per trace.
  let tail = 0;
  for (let i = Math.max(traceId.length - 13, 0); i < traceId.length; i++) {
    const digit = hexDigit(traceId.charCodeAt(i));
    if (digit < 0) return Math.random();
    tail = tail * 16 + digit;
  }
  return traceId.length === 0 ? Math.random() : tail / TWO_POW_52;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

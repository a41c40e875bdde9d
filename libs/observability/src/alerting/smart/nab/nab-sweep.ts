import { type NabFileRows } from './nab-file.js';
import { type NabProfile } from './nab-profiles.js';

/** A profile's result over a corpus at its best threshold. */
export interface NabResult {
  readonly profile: string;
  /** Lowest anomaly score that counts as a detection; above every score when detecting nothing is best. */
  readonly threshold: number;
  readonly raw: number;
  /** Raw score of a detector that never detects: every window missed. */
  readonly nullRaw: number;
  /** Raw score of a detector that detects every window at its first row. */
  readonly perfectRaw: number;
  /** 100 × (raw − null) / (perfect − null); NaN for a corpus without windows. */
  readonly normalized: number;
}

/** Threshold meaning "detect nothing": NAB starts its sweep above the largest possible score. */
export const NO_DETECTION_THRESHOLD = 1.1;

export function normalize(
  raw: number,
  windowCount: number,
  profile: NabProfile,
): { nullRaw: number; perfectRaw: number; normalized: number } {
  const nullRaw = -profile.fn * windowCount;
  const perfectRaw = profile.tp * windowCount;
  return { nullRaw, perfectRaw, normalized: windowCount > 0 ? (100 * (raw - nullRaw)) / (perfectRaw - nullRaw) : Number.NaN };
}

/**
 * Raw NAB score of the given files when every row scoring ≥ threshold is a detection: per window the best (= the
 * earliest) detection, −A_FN for a window without one, plus every detection outside the windows at its FP weight.
 */
export function rawScoreAt(files: readonly NabFileRows[], profile: NabProfile, threshold: number): number {
  let total = 0;
  for (const f of files) {
    const best = new Float64Array(f.windowCount).fill(-profile.fn);
    for (let i = 0; i < f.scores.length; i++) {
      if ((f.scores[i] as number) < threshold) continue;
      const w = f.windows[i] as number;
      if (w < 0) total += profile.fp * (f.weights[i] as number);
      else best[w] = Math.max(best[w] as number, profile.tp * (f.weights[i] as number));
    }
    for (const b of best) total += b;
  }
  return total;
}

/**
 * Sweeps every distinct anomaly score of the corpus as the threshold (highest first, each row joining the
 * detections as the threshold passes its score) and returns the threshold with the highest raw score. Ties keep the
 * higher threshold.
 */
export function sweepThreshold(files: readonly NabFileRows[], profile: NabProfile): NabResult {
  let rows = 0;
  let windowCount = 0;
  for (const f of files) {
    rows += f.scores.length;
    windowCount += f.windowCount;
  }
  const scores = new Float64Array(rows);
  const windows = new Int32Array(rows);
  const values = new Float64Array(rows);
  let at = 0;
  let windowBase = 0;
  for (const f of files) {
    for (let i = 0; i < f.scores.length; i++, at++) {
      scores[at] = f.scores[i] as number;
      const w = f.windows[i] as number;
      windows[at] = w < 0 ? -1 : windowBase + w;
      values[at] = (f.weights[i] as number) * (w < 0 ? profile.fp : profile.tp);
    }
    windowBase += f.windowCount;
  }
  const order = Uint32Array.from({ length: rows }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const windowValue = new Float64Array(windowCount).fill(-profile.fn);
  let raw = -profile.fn * windowCount;
  let bestRaw = raw;
  let bestThreshold = NO_DETECTION_THRESHOLD;
  for (let k = 0; k < rows;) {
    const threshold = scores[order[k] as number] as number;
    for (; k < rows && scores[order[k] as number] === threshold; k++) {
      const i = order[k] as number;
      const w = windows[i] as number;
      if (w < 0) {
        raw += values[i] as number;
      } else if ((values[i] as number) > (windowValue[w] as number)) {
        raw += (values[i] as number) - (windowValue[w] as number);
        windowValue[w] = values[i] as number;
      }
    }
    if (raw > bestRaw) {
      bestRaw = raw;
      bestThreshold = threshold;
    }
  }
  return { profile: profile.name, threshold: bestThreshold, raw: bestRaw, ...normalize(bestRaw, windowCount, profile) };
}

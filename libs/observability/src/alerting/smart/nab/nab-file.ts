/** An anomaly window as labelled: inclusive start and end timestamps (ms since the epoch). */
export type NabWindow = readonly [start: number, end: number];

/**
 * The scorable rows of one file, ready for a threshold sweep. Rows in the probationary period are left out; each
 * remaining row carries its anomaly score, the window it lies in and its weight before the profile's costs.
 */
export interface NabFileRows {
  readonly name: string;
  /** Anomaly score of each scorable row, in [0, 1]. */
  readonly scores: Float64Array;
  /** Index of the window holding the row (0 .. windowCount-1), or -1 outside every window. */
  readonly windows: Int32Array;
  /** σ(y)/σ(−1) inside a window; σ(y) after a window; −1 before the first window. */
  readonly weights: Float64Array;
  /** Windows with at least one scorable row: a window wholly inside probation is not scored. */
  readonly windowCount: number;
}

/** NAB's scaled sigmoid: ≈ 0.987 at y = −1 (left edge of a window), 0 at its right edge, → −1 after it. */
export function scaledSigmoid(y: number): number {
  return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
}

/** Rows that are not scored at the start of a file: 15 % of it, at most 750. */
export function probationLength(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}

const MAX_TP = scaledSigmoid(-1);

/** First row at the timestamp (NAB data repeats a few timestamps; NAB takes the first). */
function indexOfTimestamp(timestamps: ArrayLike<number>, t: number, file: string, edge: string): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((timestamps[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  if (timestamps[lo] !== t) {
    throw new Error(`${file}: the ${edge} of a labelled window (${new Date(t).toISOString()}) is not a timestamp of the file`);
  }
  return lo;
}

/**
 * Lays one file's rows out for scoring. Timestamps must not decrease; window edges must be timestamps of the file
 * (NAB labels are built that way), and windows must not overlap.
 */
export function nabFileRows(
  name: string,
  timestamps: ArrayLike<number>,
  scores: ArrayLike<number>,
  labelled: readonly NabWindow[],
): NabFileRows {
  const n = timestamps.length;
  if (scores.length !== n) throw new Error(`${name}: ${scores.length} scores for ${n} rows`);
  const bounds = [...labelled]
    .sort((a, b) => a[0] - b[0])
    .map(([start, end]) => [indexOfTimestamp(timestamps, start, name, 'start'), indexOfTimestamp(timestamps, end, name, 'end')] as const);
  for (let k = 0; k < bounds.length; k++) {
    const [start, end] = bounds[k] as readonly [number, number];
    if (end < start) throw new Error(`${name}: a labelled window ends before it starts`);
    if (k > 0 && start <= (bounds[k - 1] as readonly [number, number])[1]) throw new Error(`${name}: labelled windows overlap`);
  }
  const probation = probationLength(n);
  const m = n - probation;
  const out = { scores: new Float64Array(m), windows: new Int32Array(m).fill(-1), weights: new Float64Array(m) };
  const scoredWindow = new Map<number, number>();
  let w = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    while (w < bounds.length && (bounds[w] as readonly [number, number])[1] < i) {
      [, prevRight] = bounds[w] as readonly [number, number];
      prevWidth = prevRight - (bounds[w] as readonly [number, number])[0] + 1;
      w++;
    }
    const current = bounds[w];
    let weight: number;
    let window = -1;
    if (current !== undefined && current[0] <= i) {
      const width = current[1] - current[0] + 1;
      weight = scaledSigmoid(-(current[1] - i + 1) / width) / MAX_TP;
      window = w;
    } else if (prevRight >= 0) {
      // A window one row wide has no room to measure distance in; NAB divides by zero there, we count it as far.
      weight = prevWidth > 1 ? scaledSigmoid((i - prevRight) / (prevWidth - 1)) : -1;
    } else {
      weight = -1;
    }
    if (i < probation) continue;
    const j = i - probation;
    out.scores[j] = scores[i] as number;
    out.weights[j] = weight;
    if (window >= 0) {
      let dense = scoredWindow.get(window);
      if (dense === undefined) {
        dense = scoredWindow.size;
        scoredWindow.set(window, dense);
      }
      out.windows[j] = dense;
    }
  }
  return { name, ...out, windowCount: scoredWindow.size };
}

import type { RangeWindow } from './values.js';

/**
 * Prometheus's `extrapolatedRate` (promql/functions.go): the increase between the first and last sample, with
 * counter resets added back, extrapolated towards the range's edges — all the way when the series seems to cover
 * them (a sample within 110% of the average spacing), else by half the average spacing — and, for counters, never
 * below zero. Undefined with fewer than two samples.
 */
export function extrapolatedRate(
  w: RangeWindow,
  rangeStart: number,
  rangeEnd: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const { times, values, stride: s, column: c, count: n } = w;
  if (n < 2) return undefined;
  const firstAt = w.start * s + c;
  const lastAt = (w.start + n - 1) * s + c;
  const first = values[firstAt]!;
  let result = values[lastAt]! - first;
  // Without a decrease inside the range the loop below would add nothing.
  if (isCounter && (!w.decreases || w.decreases[firstAt] !== w.decreases[lastAt])) {
    let prev = first;
    for (let i = firstAt + s; i <= lastAt; i += s) {
      const v = values[i]!;
      if (v < prev) result += prev;
      prev = v;
    }
  }
  const firstT = times[firstAt]!;
  const lastT = times[lastAt]!;
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageBetweenSamples = sampledInterval / (n - 1);
  const threshold = averageBetweenSamples * 1.1;
  if (durationToStart >= threshold) durationToStart = averageBetweenSamples / 2;
  if (isCounter && result > 0 && first >= 0) {
    const durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageBetweenSamples / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= (rangeEnd - rangeStart) / 1000;
  return result * factor;
}

/** `irate`: the per-second rate between the last two samples (a decrease counts as a reset). */
export function instantRate(w: RangeWindow): number | undefined {
  if (w.count < 2) return undefined;
  const lastAt = (w.start + w.count - 1) * w.stride + w.column;
  const previousAt = lastAt - w.stride;
  const last = w.values[lastAt]!;
  const previous = w.values[previousAt]!;
  const dt = (w.times[lastAt]! - w.times[previousAt]!) / 1000;
  if (dt === 0) return undefined;
  return (last < previous ? last : last - previous) / dt;
}

/** The `*_over_time` functions over a series' values in the range (at least one). */
export const OVER_TIME: Readonly<Record<string, (w: RangeWindow) => number>> = {
  avg_over_time: (w) => sum(w) / w.count,
  sum_over_time: sum,
  count_over_time: (w) => w.count,
  min_over_time: (w) => extreme(w, false),
  max_over_time: (w) => extreme(w, true),
  last_over_time: (w) => w.values[(w.start + w.count - 1) * w.stride + w.column]!,
};

function sum(w: RangeWindow): number {
  const { values, stride: s } = w;
  const end = (w.start + w.count) * s + w.column;
  let total = 0;
  for (let i = w.start * s + w.column; i < end; i += s) total += values[i]!;
  return total;
}

/** min/max skipping NaN unless every value is NaN, as Prometheus's do. */
function extreme(w: RangeWindow, max: boolean): number {
  const { values, stride: s } = w;
  const first = w.start * s + w.column;
  const end = (w.start + w.count) * s + w.column;
  let out = values[first]!;
  for (let i = first + s; i < end; i += s) if (Number.isNaN(out) || (max ? values[i]! > out : values[i]! < out)) out = values[i]!;
  return out;
}

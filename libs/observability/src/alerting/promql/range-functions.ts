import type { RangeSeries } from './values.js';

/**
 * Prometheus's `extrapolatedRate` (promql/functions.go): the increase between the first and last sample, with
 * counter resets added back, extrapolated towards the range's edges — all the way when the series seems to cover
 * them (a sample within 110% of the average spacing), else by half the average spacing — and, for counters, never
 * below zero. Undefined with fewer than two samples.
 */
export function extrapolatedRate(
  series: RangeSeries,
  rangeStart: number,
  rangeEnd: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const { times, values } = series;
  const n = values.length;
  if (n < 2) return undefined;
  const first = values[0]!;
  let result = values[n - 1]! - first;
  if (isCounter) {
    let prev = first;
    for (let i = 1; i < n; i++) {
      const v = values[i]!;
      if (v < prev) result += prev;
      prev = v;
    }
  }
  const firstT = times[0]!;
  const lastT = times[n - 1]!;
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
export function instantRate(series: RangeSeries): number | undefined {
  const n = series.values.length;
  if (n < 2) return undefined;
  const last = series.values[n - 1]!;
  const previous = series.values[n - 2]!;
  const dt = (series.times[n - 1]! - series.times[n - 2]!) / 1000;
  if (dt === 0) return undefined;
  return (last < previous ? last : last - previous) / dt;
}

/** The `*_over_time` functions over a series' values in the range. */
export const OVER_TIME: Readonly<Record<string, (values: ArrayLike<number>) => number>> = {
  avg_over_time: (v) => sum(v) / v.length,
  sum_over_time: sum,
  count_over_time: (v) => v.length,
  min_over_time: (v) => extreme(v, (a, b) => b < a),
  max_over_time: (v) => extreme(v, (a, b) => b > a),
  last_over_time: (v) => v[v.length - 1]!,
};

function sum(v: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < v.length; i++) total += v[i]!;
  return total;
}

/** min/max skipping NaN unless every value is NaN, as Prometheus's do. */
function extreme(v: ArrayLike<number>, better: (current: number, candidate: number) => boolean): number {
  let out = v[0]!;
  for (let i = 1; i < v.length; i++) if (Number.isNaN(out) || better(out, v[i]!)) out = v[i]!;
  return out;
}

import { keyWithout, withoutName, type Labels } from './labels.js';
import type { LabelDerivations, Vec } from './vector.js';

const LE = ['le'];

/** The histograms in a vector: per group, its labels and its buckets' input indices and bounds, by ascending bound. */
interface Histograms {
  readonly labels: readonly Labels[];
  readonly members: readonly Int32Array[];
  readonly bounds: readonly Float64Array[];
}

/**
 * `histogram_quantile` over classic buckets: samples are grouped by their labels without `le` (and the metric
 * name); each group is interpolated linearly inside the bucket where the rank falls, as Prometheus's
 * `BucketQuantile` does. A group without a `+Inf` bucket gives NaN.
 */
export function histogramQuantile(node: object, q: number, input: Vec, derived: LabelDerivations): Vec {
  const { labels, members, bounds } = derived.get(node, input.labels, undefined, () => histogramsOf(input.labels));
  const values = new Float64Array(labels.length);
  let counts = new Float64Array(0);
  let upper = counts;
  for (let g = 0; g < labels.length; g++) {
    const m = members[g]!;
    if (counts.length < m.length) {
      counts = new Float64Array(m.length);
      upper = new Float64Array(m.length);
    }
    for (let i = 0; i < m.length; i++) counts[i] = input.values[m[i]!]!;
    values[g] = bucketQuantile(q, bounds[g]!, counts, m.length, upper);
  }
  return { labels, values };
}

function histogramsOf(input: readonly Labels[]): Histograms {
  const index = new Map<string, number>();
  const labels: Labels[] = [];
  const buckets: Array<Array<{ member: number; bound: number }>> = [];
  for (let i = 0; i < input.length; i++) {
    const le = input[i]!['le'];
    if (le === undefined) continue;
    const bound = parseBound(le);
    if (Number.isNaN(bound)) continue;
    const key = keyWithout(input[i]!, LE);
    let group = index.get(key);
    if (group === undefined) {
      const { le: _le, ...rest } = withoutName(input[i]!);
      index.set(key, (group = labels.length));
      labels.push(rest);
      buckets.push([]);
    }
    buckets[group]!.push({ member: i, bound });
  }
  // A stable sort: buckets with equal bounds keep their input order, in which they are summed.
  const sorted = buckets.map((b) => [...b].sort((x, y) => x.bound - y.bound));
  return {
    labels,
    members: sorted.map((b) => Int32Array.from(b, (x) => x.member)),
    bounds: sorted.map((b) => Float64Array.from(b, (x) => x.bound)),
  };
}

function parseBound(le: string): number {
  const lower = le.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  return le.trim() === '' ? NaN : Number(le);
}

/**
 * The quantile of `n` buckets sorted by upper bound (`bounds`, with their cumulative `counts`): buckets with the
 * same bound are summed, decreasing counts flattened, then the rank interpolated. `counts` and `upper` (scratch
 * for the distinct bounds) are overwritten.
 */
function bucketQuantile(q: number, bounds: ArrayLike<number>, counts: Float64Array, n: number, upper: Float64Array): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const m = coalesce(bounds, counts, n, upper);
  if (m === 0 || upper[m - 1] !== Infinity) return NaN;
  if (m < 2) return NaN;
  ensureMonotonic(counts, m);
  const observations = counts[m - 1]!;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < m && !(counts[b]! >= rank)) b++;
  if (b === m) b = m - 1;
  if (b === m - 1) return upper[m - 2]!;
  if (b === 0 && upper[0]! <= 0) return upper[0]!;
  let bucketStart = 0;
  const bucketEnd = upper[b]!;
  let count = counts[b]!;
  if (b > 0) {
    bucketStart = upper[b - 1]!;
    count -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Buckets with the same bound (after label dropping) are summed, in place; returns how many remain. */
function coalesce(bounds: ArrayLike<number>, counts: Float64Array, n: number, upper: Float64Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && upper[m - 1] === bounds[i]) counts[m - 1] = counts[m - 1]! + counts[i]!;
    else {
      upper[m] = bounds[i]!;
      counts[m] = counts[i]!;
      m++;
    }
  }
  return m;
}

/** Counts scraped at slightly different moments can decrease between buckets; Prometheus flattens them. */
function ensureMonotonic(counts: Float64Array, n: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (counts[i]! > max) max = counts[i]!;
    else counts[i] = max;
  }
}

import { keyWithout, withoutName, type Labels } from './labels.js';

const LE = ['le'];
import type { Sample } from './values.js';

interface Bucket {
  upperBound: number;
  count: number;
}

/**
 * `histogram_quantile` over classic buckets: samples are grouped by their labels without `le` (and the metric
 * name); each group is interpolated linearly inside the bucket where the rank falls, as Prometheus's
 * `BucketQuantile` does. A group without a `+Inf` bucket gives NaN.
 */
export function histogramQuantile(q: number, samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const sample of samples) {
    const le = sample.labels['le'];
    if (le === undefined) continue;
    const upperBound = parseBound(le);
    if (Number.isNaN(upperBound)) continue;
    const key = keyWithout(sample.labels, LE);
    let group = groups.get(key);
    if (!group) {
      const { le: _le, ...rest } = withoutName(sample.labels);
      groups.set(key, (group = { labels: rest, buckets: [] }));
    }
    group.buckets.push({ upperBound, count: sample.value });
  }
  return [...groups.values()].map(({ labels, buckets }) => ({ labels, value: bucketQuantile(q, buckets) }));
}

function parseBound(le: string): number {
  const lower = le.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  return le.trim() === '' ? NaN : Number(le);
}

export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const buckets = coalesce([...input].sort((a, b) => a.upperBound - b.upperBound));
  if (buckets.length === 0 || buckets[buckets.length - 1]!.upperBound !== Infinity) return NaN;
  if (buckets.length < 2) return NaN;
  ensureMonotonic(buckets);
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = buckets.findIndex((bucket) => bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Buckets with the same bound (after label dropping) are summed. */
function coalesce(buckets: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const bucket of buckets) {
    const last = out[out.length - 1];
    if (last && last.upperBound === bucket.upperBound) last.count += bucket.count;
    else out.push({ ...bucket });
  }
  return out;
}

/** Counts scraped at slightly different moments can decrease between buckets; Prometheus flattens them. */
function ensureMonotonic(buckets: Bucket[]): void {
  let max = -Infinity;
  for (const bucket of buckets) {
    if (bucket.count > max) max = bucket.count;
    else bucket.count = max;
  }
}

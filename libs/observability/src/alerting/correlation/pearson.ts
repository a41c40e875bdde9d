import type { AlertEvidence } from '../interfaces/alert.interface.js';

/** Points compared at most per pair of series: the newest ones (bounds the cost of a comparison). */
export const MAX_CORRELATION_POINTS = 120;

/**
 * Pearson's r between two alerts' trends, over the evaluations both have a finite value at (every rule is
 * evaluated at the same times, so their trends share timestamps), newest `MAX_CORRELATION_POINTS` at most.
 * Undefined with fewer than `minPoints` shared points or when either series is flat (r is not defined).
 */
export function trendCorrelation(a: AlertEvidence['trend'], b: AlertEvidence['trend'], minPoints: number): number | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  let i = a.length - 1;
  let j = b.length - 1;
  while (i >= 0 && j >= 0 && xs.length < MAX_CORRELATION_POINTS) {
    const [ta, va] = a[i]!;
    const [tb, vb] = b[j]!;
    if (ta > tb) i--;
    else if (tb > ta) j--;
    else {
      if (Number.isFinite(va) && Number.isFinite(vb)) {
        xs.push(va);
        ys.push(vb);
      }
      i--;
      j--;
    }
  }
  return xs.length < Math.max(3, minPoints) ? undefined : pearson(xs, ys);
}

function pearson(xs: readonly number[], ys: readonly number[]): number | undefined {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += xs[k]!;
    my += ys[k]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = xs[k]! - mx;
    const dy = ys[k]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return undefined;
  return sxy / Math.sqrt(sxx * syy);
}

import type { Alert, AlertEvidence } from '../interfaces/alert.interface.js';

/** Points compared at most per pair of series: the newest ones (bounds the cost of a comparison). */
export const MAX_CORRELATION_POINTS = 120;
/** Evaluations one series may lead or lag the other by (an effect shows up an evaluation or two after its cause). */
export const MAX_LAG = 2;

type Trend = AlertEvidence['trend'];

/**
 * How strongly two alerts' series moved together: the largest |Pearson r|, over lags of up to `MAX_LAG`
 * evaluations, between their trends on the evaluations both have (every rule is evaluated at the same times), and
 * between each one's trend and the other's alert state (0 before it became active, 1 after — a point-biserial r,
 * which still sees a step the other rule's shorter window no longer shows). Signed r of that pair; undefined when
 * no pair has `minPoints` points with both sides varying.
 */
export function seriesCorrelation(a: Alert, b: Alert, minPoints: number): number | undefined {
  const [xs, ys] = shared(a.evidence.trend, b.evidence.trend);
  let best = bestLagged(xs, ys, minPoints);
  for (const [trend, other] of [
    [a.evidence.trend, b],
    [b.evidence.trend, a],
  ] as const) {
    const [values, states] = againstState(trend, other);
    const r = bestLagged(values, states, minPoints);
    if (r !== undefined && (best === undefined || Math.abs(r) > Math.abs(best))) best = r;
  }
  return best;
}

/** A trend's newest finite values, and whether `other` was active at each of their times (1) or not (0). */
function againstState(trend: Trend, other: Alert): [number[], number[]] {
  const from = other.activeAt.getTime();
  const until = other.resolvedAt?.getTime() ?? Infinity;
  const values: number[] = [];
  const states: number[] = [];
  for (let i = trend.length - 1; i >= 0 && values.length < MAX_CORRELATION_POINTS; i--) {
    const [t, v] = trend[i]!;
    if (!Number.isFinite(v)) continue;
    values.push(v);
    states.push(from <= t && t < until ? 1 : 0);
  }
  return [values.reverse(), states.reverse()];
}

/** The values of both trends at the timestamps they share (finite on both sides), oldest first, newest at most. */
function shared(a: Trend, b: Trend): [number[], number[]] {
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
  return [xs.reverse(), ys.reverse()];
}

function bestLagged(xs: readonly number[], ys: readonly number[], minPoints: number): number | undefined {
  let best: number | undefined;
  for (let lag = -MAX_LAG; lag <= MAX_LAG; lag++) {
    const from = Math.max(0, lag);
    const to = Math.min(xs.length, ys.length + lag);
    if (to - from < Math.max(3, minPoints)) continue;
    const r = pearsonAt(xs, from, ys, from - lag, to - from);
    if (r !== undefined && (best === undefined || Math.abs(r) > Math.abs(best))) best = r;
  }
  return best;
}

/** Pearson's r; undefined when either side is flat. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | undefined {
  return pearsonAt(xs, 0, ys, 0, Math.min(xs.length, ys.length));
}

/** Pearson's r of `n` points of `xs` from `x0` against `ys` from `y0` (no copies: it runs for every lag). */
function pearsonAt(xs: readonly number[], x0: number, ys: readonly number[], y0: number, n: number): number | undefined {
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += xs[x0 + k]!;
    my += ys[y0 + k]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = xs[x0 + k]! - mx;
    const dy = ys[y0 + k]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return undefined;
  return sxy / Math.sqrt(sxx * syy);
}

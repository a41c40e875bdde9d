import type { LabelMatcher } from './ast.js';
import type { Labels } from './labels.js';

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** Points of one series inside a range, oldest first (`times` in unix ms). */
export interface RangeSeries {
  readonly labels: Labels;
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

export type Value =
  | { readonly type: 'scalar'; readonly value: number }
  | { readonly type: 'vector'; readonly samples: readonly Sample[] }
  | { readonly type: 'matrix'; readonly series: readonly RangeSeries[] };

/**
 * The points of one series in a range: point `k` (from 0 to `count`) is at `(start + k) * stride + column` of
 * `times` and `values`. It is refilled from series to series (the arrays are usually the store's own, read in
 * place).
 */
export interface RangeWindow {
  times: Float64Array;
  values: Float64Array;
  stride: number;
  column: number;
  /**
   * When set, per point, how many decreases the series has had up to it: equal at both ends of the range means
   * no counter reset inside it. Unset when the series cannot tell (read the values).
   */
  decreases: Uint32Array | undefined;
  start: number;
  count: number;
  /** Where a range holding staleness markers is copied without them. */
  scratchTimes: Float64Array | undefined;
  scratchValues: Float64Array | undefined;
}

export function emptyWindow(): RangeWindow {
  const none = new Float64Array(0);
  return {
    times: none,
    values: none,
    stride: 1,
    column: 0,
    decreases: undefined,
    start: 0,
    count: 0,
    scratchTimes: undefined,
    scratchValues: undefined,
  };
}

/** One stored series, as the evaluator reads it. */
export interface StoredSeries {
  readonly labels: Labels;
  /** `labels` without `__name__` (the same object every time). */
  readonly unnamedLabels: Labels;
  /** The latest point in `(from, to]`, unless it is a staleness marker. */
  latest(from: number, to: number): number | undefined;
  /** Points `out` to the non-stale points in `(from, to]`, oldest first. */
  window(from: number, to: number, out: RangeWindow): void;
  /** The non-stale points in `(from, to]`, oldest first. */
  range(from: number, to: number): { times: ArrayLike<number>; values: ArrayLike<number> };
}

/**
 * The series a selector's matchers select. While the source's set of series does not change, the same selector
 * gets the same object back, with the same arrays: the evaluator keys what it derives from label sets (groups,
 * vector matches) on their identity. The arrays are never mutated.
 */
export interface Selection {
  readonly series: readonly StoredSeries[];
  readonly labels: readonly Labels[];
  /** Each series' labels without `__name__`. */
  readonly unnamedLabels: readonly Labels[];
}

/** What the evaluator reads samples from (the in-memory sample store). */
export interface SampleSource {
  select(matchers: readonly LabelMatcher[]): Selection;
}

/** Thrown when an expression is valid but its data is not (duplicate series after matching, and such). */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

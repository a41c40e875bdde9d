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

/** What the evaluator reads samples from (the in-memory sample store, or a fixture in tests). */
export interface SampleSource {
  /** Every non-stale point with a time in `(from, to]` of each series the matchers select. */
  range(matchers: readonly LabelMatcher[], from: number, to: number): RangeSeries[];
  /** The latest point in `(from, to]` of each series the matchers select, unless that point is a staleness marker. */
  instant(matchers: readonly LabelMatcher[], from: number, to: number): Sample[];
}

/** Thrown when an expression is valid but its data is not (duplicate series after matching, and such). */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

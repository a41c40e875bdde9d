import type { Labels } from './labels.js';
import type { Sample } from './values.js';

/**
 * An instant vector inside one evaluation, by columns: `labels[i]` has `values[i]`. Neither array is mutated once
 * built. A `labels` array is shared from evaluation to evaluation while the series behind it do not change (see
 * {@link LabelDerivations}), so its identity stands for its contents.
 */
export interface Vec {
  readonly labels: readonly Labels[];
  readonly values: Float64Array;
}

export const EMPTY_VEC: Vec = { labels: [], values: new Float64Array(0) };

export function toSamples(vec: Vec): Sample[] {
  const out: Sample[] = new Array<Sample>(vec.labels.length);
  for (let i = 0; i < out.length; i++) out[i] = { labels: vec.labels[i]!, value: vec.values[i]! };
  return out;
}

/** The entries of `vec` whose index is not flagged in `drop`. */
export function without(vec: Vec, drop: Uint8Array): Vec {
  const labels: Labels[] = [];
  const values: number[] = [];
  for (let i = 0; i < vec.labels.length; i++) {
    if (drop[i]) continue;
    labels.push(vec.labels[i]!);
    values.push(vec.values[i]!);
  }
  return { labels, values: Float64Array.from(values) };
}

/**
 * What an expression node derives from the label sets of its operands — its groups, its vector matches, its
 * result labels — kept from one evaluation to the next and rebuilt only when an operand's `labels` array is a
 * different one. Over a steady set of series an evaluation then only does arithmetic on values. One entry per node.
 */
export class LabelDerivations {
  private readonly entries = new Map<object, { readonly a: object; readonly b: object | undefined; readonly value: unknown }>();

  get<T>(node: object, a: readonly Labels[], b: readonly Labels[] | undefined, derive: () => T): T {
    const entry = this.entries.get(node);
    if (entry && entry.a === a && entry.b === b) return entry.value as T;
    const value = derive();
    this.entries.set(node, { a, b, value });
    return value;
  }
}

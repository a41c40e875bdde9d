import type { ValueType } from './ast.js';

/** A function the evaluator implements: argument types and result type, as Prometheus declares them. */
export interface FunctionSignature {
  readonly args: readonly ValueType[];
  readonly returns: ValueType;
}

const RANGE_TO_VECTOR: FunctionSignature = { args: ['matrix'], returns: 'vector' };
const VECTOR_TO_VECTOR: FunctionSignature = { args: ['vector'], returns: 'vector' };

/** The functions alert conditions may use; any other PromQL function is refused at startup. */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  rate: RANGE_TO_VECTOR,
  increase: RANGE_TO_VECTOR,
  irate: RANGE_TO_VECTOR,
  delta: RANGE_TO_VECTOR,
  avg_over_time: RANGE_TO_VECTOR,
  min_over_time: RANGE_TO_VECTOR,
  max_over_time: RANGE_TO_VECTOR,
  sum_over_time: RANGE_TO_VECTOR,
  count_over_time: RANGE_TO_VECTOR,
  last_over_time: RANGE_TO_VECTOR,
  histogram_quantile: { args: ['scalar', 'vector'], returns: 'vector' },
  abs: VECTOR_TO_VECTOR,
  clamp_min: { args: ['vector', 'scalar'], returns: 'vector' },
  clamp_max: { args: ['vector', 'scalar'], returns: 'vector' },
  vector: { args: ['scalar'], returns: 'vector' },
  absent: VECTOR_TO_VECTOR,
};

import type { ThresholdOperator } from '../interfaces/alert.interface.js';

/** Whether `value <operator> threshold` holds (NaN never does, as in PromQL's comparisons). */
export function holds(value: number, operator: ThresholdOperator, threshold: number): boolean {
  switch (operator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

import type { ThresholdOperator } from '../interfaces/alert.interface.js';
import type { Expr } from '../promql/ast.js';

/** One validated rule of the rules file: the seed's fields plus Prometheus's labels, annotations and keep_firing_for. */
export interface AlertRule {
  readonly name: string;
  /** The PromQL condition as written. */
  readonly condition: string;
  readonly expr: Expr;
  readonly threshold: number;
  /** @default '>' */
  readonly operator: ThresholdOperator;
  /** How long the condition must hold before the alert fires (Prometheus's `for`). @default 0 */
  readonly forMs: number;
  /** How long a firing alert keeps firing after the condition stopped holding. @default 0 */
  readonly keepFiringForMs: number;
  readonly severity: string;
  readonly description?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Templates; `description` is included when the rule has one. */
  readonly annotations: Readonly<Record<string, string>>;
  /** How far back the condition reads (longest range plus offset): what the sample store must retain for it. */
  readonly lookbackMs: number;
}

export const THRESHOLD_OPERATORS: readonly ThresholdOperator[] = ['>', '>=', '<', '<=', '==', '!='];

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
  /**
   * Set on `type: anomaly` rules, whose threshold is learnt per series: the condition's series are scored by an
   * anomaly detector and `threshold` is the sensitivity, `operator` is `>`.
   */
  readonly anomaly?: AnomalyRuleSpec;
  /** How far back the condition reads (longest range plus offset): what the sample store must retain for it. */
  readonly lookbackMs: number;
}

export const THRESHOLD_OPERATORS: readonly ThresholdOperator[] = ['>', '>=', '<', '<=', '==', '!='];

/** The seasonal patterns an anomaly rule can learn. */
export const SEASONALITIES = { daily: 86_400_000, weekly: 604_800_000 } as const;
export type Seasonality = keyof typeof SEASONALITIES;

/** What a `type: anomaly` rule adds to a rule. */
export interface AnomalyRuleSpec {
  /** The score in (0, 1) a series must exceed (for `duration`) to fire. @default 0.8 */
  readonly sensitivity: number;
  /** How long a series is observed before its score can fire. @default 1h, or one period with seasonality */
  readonly warmupMs: number;
  /** The pattern the baseline learns; unset: a level without a pattern. */
  readonly seasonality?: Seasonality;
}

import type { AlertRule } from '../rules/alert-rule.js';
import { AnomalyBaselines } from './anomaly-baselines.js';
import { AnomalyRuleState } from './anomaly-rule-state.js';

export { AnomalyBaselines } from './anomaly-baselines.js';

/** Series the anomaly rules of an evaluator track at most when the app gives no store of its own. */
export const DEFAULT_MAX_ANOMALY_SERIES = 1000;

/** The least an anomaly alert's trend covers: what came before the excursion, not only the excursion. */
const MIN_TREND_MS = 5 * 60_000;

/** The state machines of the `type: anomaly` rules among `rules`, sharing one store of baselines. */
export function anomalyRuleStates(
  rules: readonly AlertRule[],
  windowOf: (rule: AlertRule) => number,
  baselines?: AnomalyBaselines,
): Map<AlertRule, AnomalyRuleState> {
  const anomalous = rules.filter((rule) => rule.anomaly !== undefined);
  const store = anomalous.length > 0 ? (baselines ?? new AnomalyBaselines(anomalous, DEFAULT_MAX_ANOMALY_SERIES)) : undefined;
  return new Map(anomalous.map((rule) => [rule, new AnomalyRuleState(rule, Math.max(windowOf(rule), MIN_TREND_MS), store!)]));
}

import type { Alert, AnomalyEvidence } from '../interfaces/alert.interface.js';
import { labelsKey, type Labels } from '../promql/labels.js';
import type { Sample } from '../promql/values.js';
import type { AlertRule } from '../rules/alert-rule.js';
import { expandTemplate } from '../rules/rule-template.js';
import { alertLabels, fingerprint } from '../state/alert-identity.js';
import { RuleState, type RuleUpdate } from '../state/rule-state.js';
import type { AnomalyBaselines } from './anomaly-baselines.js';

/** Why an alert's series held the last time it did. */
interface Held {
  readonly key: string;
  readonly series: Labels;
  readonly evidence: AnomalyEvidence;
}

/**
 * A `type: anomaly` rule: each series of the condition is scored by its own learnt baseline, and the scores go
 * through the same state machine as a threshold rule's values (`score > sensitivity` for `duration`). The alerts
 * it returns say what was expected against what was observed.
 */
export class AnomalyRuleState {
  private readonly machine: RuleState;
  private readonly held = new Map<string, Held>();
  private readonly windowMs: number;

  constructor(
    readonly rule: AlertRule,
    windowMs: number,
    private readonly baselines: AnomalyBaselines,
  ) {
    // The annotations are expanded here, where the observed and expected values are known.
    this.machine = new RuleState({ ...rule, annotations: {} }, windowMs);
    this.windowMs = windowMs;
  }

  /** Scores the condition's series at `now`, then runs the state machine on the scores. */
  update(condition: readonly Sample[], now: number, traceIds: (series: Labels) => readonly string[]): RuleUpdate {
    const spec = this.rule.anomaly!;
    // Only the series above the sensitivity reach the state machine: the others would not hold, and their trend
    // is kept here as observed values rather than there as scores.
    const holding: Sample[] = [];
    for (const sample of condition) {
      const key = labelsKey(sample.labels);
      const series = this.baselines.series(this.rule, key, sample.labels, now);
      if (!series) continue;
      const score = series.observe(sample.value, now, spec.warmupMs, this.windowMs);
      if (score <= spec.sensitivity) continue;
      holding.push({ labels: sample.labels, value: score });
      this.hold(key, sample.labels, series.lastObserved, series.lastPoint!);
    }
    this.baselines.forgetIdle(this.rule, now);
    const { firing, resolved } = this.machine.update(holding, now, traceIds);
    const out = { firing: firing.map((a) => this.explain(a)), resolved: resolved.map((a) => this.explain(a)) };
    if (this.held.size > 0) {
      // A pending alert that stopped holding leaves the state machine silently: forget why it held.
      const active = new Set(this.machine.alerts().map((a) => a.fingerprint));
      for (const fp of this.held.keys()) if (!active.has(fp)) this.held.delete(fp);
    }
    return out;
  }

  /** Alerts pending or firing after the last evaluation. */
  alerts(): Alert[] {
    return this.machine.alerts().map((a) => this.explain(a));
  }

  private hold(
    key: string,
    series: Labels,
    observed: number,
    point: { baseline: number; deviation: number; scale: number; zScore: number; seasonal: boolean },
  ): void {
    const fp = fingerprint(alertLabels(this.rule, series));
    const { baseline: expected, deviation, scale, zScore, seasonal } = point;
    this.held.set(fp, { key, series, evidence: { observed, expected, deviation, scale, zScore, seasonal } });
  }

  private explain(alert: Alert): Alert {
    const held = this.held.get(alert.fingerprint);
    if (!held) return alert;
    const values = { $value: alert.evidence.value, $observed: held.evidence.observed, $expected: held.evidence.expected };
    const annotations: Record<string, string> = {};
    for (const [name, template] of Object.entries(this.rule.annotations)) annotations[name] = expandTemplate(template, values, held.series);
    const trend = this.baselines.get(this.rule.name, held.key)?.trend.points() ?? [];
    return { ...alert, annotations, evidence: { ...alert.evidence, trend, anomaly: held.evidence } };
  }
}

import { setImmediate } from 'node:timers/promises';
import type { Alert } from './interfaces/alert.interface.js';
import { EvaluationCache, evaluateVector } from './promql/evaluate.js';
import { METRIC_NAME, type Labels } from './promql/labels.js';
import { longestRange, selectorsOf } from './promql/lookback.js';
import type { AlertRule } from './rules/alert-rule.js';
import { anomalyRuleStates, type AnomalyBaselines } from './smart/anomaly-rules.js';
import { RuleState } from './state/rule-state.js';
import type { SampleStore } from './storage/sample-store.js';

/** Trace ids an alert carries at most. */
const MAX_TRACE_IDS = 5;
/** The trend's window when a rule has neither a range nor a `for`. */
const DEFAULT_WINDOW_MS = 5 * 60_000;

export interface EvaluationOutcome {
  /** What the sink receives: alerts firing now, plus those that resolved at this evaluation. */
  readonly notify: readonly Alert[];
  /** Rules whose condition could not be evaluated this time (their alerts keep their previous state). */
  readonly failures: ReadonlyArray<{ readonly rule: string; readonly error: Error }>;
}

/** The window a rule's trend and exemplars cover: its longest range or its `for`, whichever is longer. */
export function ruleWindow(rule: AlertRule): number {
  return Math.max(longestRange(rule.expr), rule.forMs) || DEFAULT_WINDOW_MS;
}

/** Evaluates every rule over a sample store at a given time and runs each rule's state machine. */
export class RuleEvaluator {
  private readonly states: Array<Pick<RuleState, 'rule' | 'update' | 'alerts'>>;
  private readonly cache = new EvaluationCache();

  constructor(
    rules: readonly AlertRule[],
    private readonly store: SampleStore,
    /** Where `type: anomaly` rules keep their learnt baselines. @default a store of their own, 1000 series at most */
    baselines?: AnomalyBaselines,
  ) {
    const anomaly = anomalyRuleStates(rules, ruleWindow, baselines);
    this.states = rules.map((rule) => anomaly.get(rule) ?? new RuleState(rule, ruleWindow(rule)));
  }

  evaluate(now: number): EvaluationOutcome {
    const run = this.run(now);
    for (;;) {
      const step = run.next();
      if (step.done) return step.value;
    }
  }

  /**
   * {@link evaluate}, handing the event loop back (setImmediate) between rules whenever it has held it for
   * `sliceMs`, so requests are not kept waiting behind a long evaluation. The store must not change meanwhile.
   * (The promise form of setImmediate: fake timers in an app's tests do not hold it.)
   */
  async evaluateInSlices(now: number, sliceMs: number): Promise<EvaluationOutcome> {
    const run = this.run(now);
    let sliceStart = performance.now();
    for (;;) {
      const step = run.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart < sliceMs) continue;
      await setImmediate();
      sliceStart = performance.now();
    }
  }

  /** The evaluation, rule by rule: it yields after each rule. */
  private *run(now: number): Generator<void, EvaluationOutcome> {
    const notify: Alert[] = [];
    const failures: Array<{ rule: string; error: Error }> = [];
    this.cache.nextEvaluation();
    for (const state of this.states) {
      let condition;
      try {
        condition = evaluateVector(state.rule.expr, this.store, now, this.cache);
      } catch (error) {
        failures.push({ rule: state.rule.name, error: error as Error });
        notify.push(...state.alerts().filter((a) => a.state === 'firing'));
        continue;
      }
      const window = ruleWindow(state.rule);
      let exemplars: ReturnType<SampleStore['exemplars']> | undefined;
      const { firing, resolved } = state.update(condition, now, (series) => {
        exemplars ??= selectorsOf(state.rule.expr).flatMap((selector) => this.store.exemplars(selector.matchers, now - window, now));
        return traceIdsFor(exemplars, series);
      });
      notify.push(...firing, ...resolved);
      yield;
    }
    return { notify, failures };
  }

  /** Alerts pending or firing after the last evaluation, rule by rule. */
  active(): Alert[] {
    return this.states.flatMap((s) => s.alerts());
  }
}

/** Trace ids of exemplars on the series behind `series` (sharing its labels), highest observed value first (then newest). */
function traceIdsFor(exemplars: ReturnType<SampleStore['exemplars']>, series: Labels): string[] {
  if (exemplars.length === 0) return [];
  const wanted = Object.entries(series).filter(([name]) => name !== METRIC_NAME && name !== 'le');
  const ids: string[] = [];
  for (const e of exemplars
    .filter((x) => wanted.every(([n, v]) => x.labels[n] === v))
    .sort((a, b) => b.value - a.value || b.time - a.time)) {
    if (!ids.includes(e.traceId)) ids.push(e.traceId);
    if (ids.length === MAX_TRACE_IDS) break;
  }
  return ids;
}

import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { AlertsConfig } from '../config/index.js';
import { MetricsService } from '../metrics/index.js';
import { AlertingMetrics } from './alerting-metrics.js';
import {
  ALERT_RULES,
  ALERT_SINK,
  ALERTING_MODULE_OPTIONS,
  ALERTS_CONFIG,
  ANOMALY_BASELINES,
  EVALUATION_SLICE_MS,
  MAX_STORED_SERIES,
  RETENTION_MARGIN_INTERVALS,
} from './alerting.constants.js';
import { EVALUATION_FAILED, METRICS_REQUIRED, RULE_FAILING, RULE_RECOVERED, SINK_THREW } from './alerting.messages.js';
import type { AlertingModuleOptions } from './alerting.module-definition.js';
import type { Alert, AlertSink } from './interfaces/alert.interface.js';
import type { AlertRule } from './rules/alert-rule.js';
import { RuleEvaluator } from './rule-evaluator.js';
import type { AnomalyBaselines } from './smart/anomaly-baselines.js';
import { readRegistry } from './storage/registry-samples.js';
import { SampleStore } from './storage/sample-store.js';

/**
 * Evaluates the rules over this app's metrics registry: each evaluation reads the registry into the bounded
 * sample store, evaluates every rule at the clock's time, and hands firing and resolved alerts to the sink.
 * Evaluations never overlap; a rule that fails is warned about once and once more when it recovers.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerting');
  private readonly store: SampleStore;
  private readonly evaluator: RuleEvaluator;
  private readonly metrics?: AlertingMetrics;
  private readonly clock: () => number;
  private readonly failing = new Set<string>();
  private running?: Promise<void>;
  private evaluatedAt?: number;
  private warnedExplain = false;

  constructor(
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERT_RULES) readonly rules: readonly AlertRule[],
    @Inject(ALERT_SINK) private readonly sink: AlertSink,
    @Inject(ALERTING_MODULE_OPTIONS) options: AlertingModuleOptions,
    @Optional() private readonly source?: MetricsService,
    @Optional() @Inject(ANOMALY_BASELINES) baselines?: AnomalyBaselines,
  ) {
    if (rules.length > 0 && !source) throw new Error(METRICS_REQUIRED(config.rules_file ?? 'rules'));
    this.clock = options.clock ?? Date.now;
    const longest = Math.max(0, ...rules.map((r) => r.lookbackMs));
    const margin = RETENTION_MARGIN_INTERVALS * config.evaluation_interval;
    this.store = new SampleStore({
      retentionMs: longest + margin,
      samplesPerSeries: Math.ceil((longest + margin) / config.evaluation_interval) + 1,
      maxSeries: MAX_STORED_SERIES,
    });
    this.evaluator = new RuleEvaluator(rules, this.store, baselines);
    if (source && rules.length > 0) this.metrics = new AlertingMetrics(source);
  }

  /**
   * Alerts pending or firing after the last evaluation, each with its `suppression`: whether its notifications are
   * held back now and why (silenced, inhibited, flapping, rate_limited, correlated), when the sink can tell.
   */
  active(): Alert[] {
    const alerts = this.evaluator.active();
    const sink = this.sink;
    if (!sink.explain) return alerts;
    const now = new Date(this.clock());
    try {
      return alerts.map((alert) => ({ ...alert, suppression: sink.explain!(alert, now) }));
    } catch (error) {
      if (!this.warnedExplain)
        this.logger.warn({ err: error, msg: 'alert sink cannot explain suppressions; alerts are listed without them' });
      this.warnedExplain = true;
      return alerts;
    }
  }

  /** When the last evaluation ran (unix ms), if one has. */
  get lastEvaluation(): number | undefined {
    return this.evaluatedAt;
  }

  /** Runs one evaluation now; while one is running, returns that one instead of starting another. */
  evaluate(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<void> {
    if (!this.config.enabled || this.rules.length === 0 || !this.source) return;
    const started = performance.now();
    try {
      const samples = await readRegistry(this.source.registry);
      const now = this.clock();
      this.store.ingest(now, samples);
      const { notify, failures } = await this.evaluator.evaluateInSlices(now, EVALUATION_SLICE_MS);
      this.evaluatedAt = now;
      this.reportFailures(failures);
      this.metrics?.record(
        this.evaluator.active(),
        (performance.now() - started) / 1000,
        failures.map((f) => f.rule),
      );
      // Every evaluation, even with nothing firing: the sink counts quiet evaluations (flap detection).
      this.deliver(notify, new Date(now));
    } catch (error) {
      this.logger.warn({ err: error, msg: EVALUATION_FAILED });
    }
  }

  private deliver(alerts: readonly Alert[], now: Date): void {
    try {
      this.sink.send(alerts, now);
    } catch (error) {
      this.logger.warn({ err: error, msg: SINK_THREW });
    }
  }

  private reportFailures(failures: ReadonlyArray<{ rule: string; error: Error }>): void {
    const now = new Set(failures.map((f) => f.rule));
    for (const { rule, error } of failures) {
      if (!this.failing.has(rule)) this.logger.warn({ rule, error: error.message, msg: RULE_FAILING });
    }
    for (const rule of this.failing) if (!now.has(rule)) this.logger.log({ rule, msg: RULE_RECOVERED });
    this.failing.clear();
    for (const rule of now) this.failing.add(rule);
  }
}

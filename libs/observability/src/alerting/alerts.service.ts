import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { AlertsConfig } from '../config/schema/alerts.schema.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AlertingMetrics } from './alerting-metrics.js';
import {
  ALERT_RULES,
  ALERT_SINK,
  ALERTING_MODULE_OPTIONS,
  ALERTS_CONFIG,
  EVALUATION_SLICE_MS,
  MAX_STORED_SERIES,
  RETENTION_MARGIN_INTERVALS,
} from './alerting.constants.js';
import { EVALUATION_FAILED, METRICS_REQUIRED } from './alerting.messages.js';
import type { AlertingModuleOptions } from './alerting.module-definition.js';
import type { Alert, AlertSink } from './interfaces/alert.interface.js';
import type { AlertRule } from './rules/alert-rule.js';
import { RuleEvaluator } from './rule-evaluator.js';
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

  constructor(
    @Inject(ALERTS_CONFIG) private readonly config: AlertsConfig,
    @Inject(ALERT_RULES) readonly rules: readonly AlertRule[],
    @Inject(ALERT_SINK) private readonly sink: AlertSink,
    @Inject(ALERTING_MODULE_OPTIONS) options: AlertingModuleOptions,
    @Optional() private readonly source?: MetricsService,
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
    this.evaluator = new RuleEvaluator(rules, this.store);
    if (source && rules.length > 0) this.metrics = new AlertingMetrics(source);
  }

  /** Alerts pending or firing after the last evaluation. */
  active(): Alert[] {
    return this.evaluator.active();
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
        this.active(),
        (performance.now() - started) / 1000,
        failures.map((f) => f.rule),
      );
      if (notify.length > 0) this.deliver(notify, new Date(now));
    } catch (error) {
      this.logger.warn({ err: error, msg: EVALUATION_FAILED });
    }
  }

  private deliver(alerts: readonly Alert[], now: Date): void {
    try {
      this.sink.send(alerts, now);
    } catch (error) {
      this.logger.warn({ err: error, msg: 'alert sink threw; these alerts are sent again at the next evaluation' });
    }
  }

  private reportFailures(failures: ReadonlyArray<{ rule: string; error: Error }>): void {
    const now = new Set(failures.map((f) => f.rule));
    for (const { rule, error } of failures) {
      if (!this.failing.has(rule))
        this.logger.warn({ rule, error: error.message, msg: 'alert rule cannot be evaluated; its alerts keep their state until it can' });
    }
    for (const rule of this.failing) if (!now.has(rule)) this.logger.log({ rule, msg: 'alert rule evaluates again' });
    this.failing.clear();
    for (const rule of now) this.failing.add(rule);
  }
}

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Counter, Registry, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';
import type { MetricsConfig } from '../config/index.js';
import { GuardedCounter, GuardedGauge, GuardedHistogram } from './cardinality/guarded-metrics.js';
import { SeriesBudget } from './cardinality/series-budget.js';
import { METRICS_CONFIG } from './metrics.constants.js';
import { EventLoopLagMetrics, processMetrics } from './process/process-metrics.js';
import { DUPLICATE_METRIC_LABELS, DUPLICATE_METRIC_TYPE } from './metrics.messages.js';

/** What every factory takes: prom-client's configuration without `registers`, the name without the namespace. */
interface CommonOptions<T extends string> {
  /** Without the namespace: `orders_total` becomes `<namespace>_orders_total`. */
  name: string;
  help: string;
  labelNames?: readonly T[];
  /** Series budget of this metric, overriding `metrics.series_limit` and `metrics.per_metric_limits`. */
  seriesLimit?: number;
}
export type CounterOptions<T extends string = string> = CommonOptions<T> & Pick<CounterConfiguration<T>, 'collect'>;
export type GaugeOptions<T extends string = string> = CommonOptions<T> & Pick<GaugeConfiguration<T>, 'collect'>;
export type HistogramOptions<T extends string = string> = CommonOptions<T> & Pick<HistogramConfiguration<T>, 'buckets' | 'collect'>;

/**
 * The app's metrics: a prom-client registry owned by this module instance (never prom-client's global one), and
 * idempotent factories for custom counters, gauges and histograms, each behind a series budget.
 */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  /** This app's registry: everything the suite and the app record, and what the exposition renders. */
  readonly registry = new Registry();
  readonly namespace: string;
  private readonly overflow: Counter<'metric'>;
  private readonly eventLoop: EventLoopLagMetrics | undefined;

  constructor(@Inject(METRICS_CONFIG) readonly config: MetricsConfig) {
    this.namespace = config.namespace;
    this.overflow = new Counter({
      name: `${this.namespace}_metric_series_overflow_total`,
      help: 'Recordings that went to the overflow series because their metric was past its series budget.',
      labelNames: ['metric'],
      registers: [this.registry],
    });
    if (config.enabled && config.default_metrics) {
      for (const metric of processMetrics()) this.registry.registerMetric(metric);
      this.eventLoop = new EventLoopLagMetrics(this.registry);
    }
  }

  /** `<namespace>_<name>`. */
  fullName(name: string): string {
    return `${this.namespace}_${name}`;
  }

  counter<T extends string = string>(options: CounterOptions<T>): GuardedCounter<T> {
    return this.getOrCreate('counter', options, (config, budget) => new GuardedCounter<T>(config, budget));
  }

  gauge<T extends string = string>(options: GaugeOptions<T>): GuardedGauge<T> {
    return this.getOrCreate('gauge', options, (config, budget) => new GuardedGauge<T>(config, budget));
  }

  histogram<T extends string = string>(options: HistogramOptions<T>): GuardedHistogram<T> {
    return this.getOrCreate('histogram', options, (config, budget) => new GuardedHistogram<T>(config, budget));
  }

  /** A metric registered under `name` (without the namespace), by the suite, the app, or prom-client's defaults. */
  get(name: string): ReturnType<Registry['getSingleMetric']> {
    return this.registry.getSingleMetric(this.fullName(name)) ?? this.registry.getSingleMetric(name);
  }

  onApplicationShutdown(): void {
    this.eventLoop?.stop();
    // Metrics may be held by code that outlives the app; an emptied registry renders nothing stale.
    this.registry.clear();
  }

  private getOrCreate<M, T extends string>(
    type: 'counter' | 'gauge' | 'histogram',
    options: CommonOptions<T> & { collect?: unknown; buckets?: number[] },
    create: (config: never, budget: SeriesBudget) => M,
  ): M {
    const name = this.fullName(options.name);
    const labelNames = [...(options.labelNames ?? [])];
    const existing = this.registry.getSingleMetric(name) as { type?: string; labelNames?: string[] } | undefined;
    if (existing) {
      if (existing.type !== type) throw new Error(DUPLICATE_METRIC_TYPE(name, existing.type ?? 'metric', type));
      const have = existing.labelNames ?? [];
      if (have.length !== labelNames.length || have.some((l, i) => l !== labelNames[i])) {
        throw new Error(DUPLICATE_METRIC_LABELS(name, have, labelNames));
      }
      return existing as M;
    }
    const limit =
      options.seriesLimit ?? this.config.per_metric_limits[name] ?? this.config.per_metric_limits[options.name] ?? this.config.series_limit;
    const budget = new SeriesBudget(name, labelNames, limit, this.config.label_value_max_length, (metric) => this.overflow.inc({ metric }));
    const { seriesLimit: _limit, ...rest } = options;
    return create({ ...rest, name, labelNames, registers: [this.registry] } as never, budget);
  }
}

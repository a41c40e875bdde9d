import { Counter, Gauge, Histogram, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';
import type { Labels, SeriesBudget } from './series-budget.js';

/**
 * prom-client's metrics with the series budget in front of every write path. prom-client funnels writes through
 * a few methods (`incWithoutExemplar`, `observeWithoutExemplar`, Gauge's `set`/`inc`/`dec`, `labels`, `zero`);
 * these subclasses admit the label set there, so `inc(labels)`, `labels(...).inc()`, `startTimer()` and the rest
 * all go through it. guarded-metrics.spec.ts pins each path, so a prom-client upgrade that moves them fails loudly.
 */

type CounterInternals = { incWithoutExemplar(this: Counter, labels: unknown, value?: number): { labelHash: string } };
type HistogramInternals = { observeWithoutExemplar(this: Histogram, labels: unknown, value?: number): void };
type HistogramEntry = {
  sum: number;
  count: number;
  bucketValues: Record<string, number>;
  bucketExemplars?: Record<string, Exemplar | null>;
};
type Internals<E> = { hashMap: Record<string, E | undefined>; sortedLabelNames: string[] };
interface Exemplar {
  labelSet: Record<string, string>;
  value: number;
  timestamp: number;
}

const counterProto = Counter.prototype as unknown as CounterInternals;
const histogramProto = Histogram.prototype as unknown as HistogramInternals;

function isLabels(value: unknown): value is Labels {
  return value !== null && typeof value === 'object';
}

function labelsFrom(names: readonly string[], args: unknown[]): Labels {
  if (isLabels(args[0])) return args[0];
  return Object.fromEntries(names.map((n, i) => [n, args[i] as string]));
}

/** A label set admitted once, for hot paths that record the same series again and again (RED per route). */
export interface BoundCounter {
  inc(value?: number): void;
}
export interface BoundHistogram {
  observe(value: number, traceId?: string): void;
}

export class GuardedCounter<T extends string = string> extends Counter<T> {
  private readonly budget: SeriesBudget;

  constructor(config: CounterConfiguration<T>, budget: SeriesBudget) {
    super(config);
    this.budget = budget;
  }

  incWithoutExemplar(labels: unknown, value?: number): { labelHash: string } {
    const admitted = isLabels(labels) && this.budget ? this.budget.admit(labels).labels : labels;
    return counterProto.incWithoutExemplar.call(this, admitted, value);
  }

  override remove(...args: unknown[]): void {
    this.budget.release(labelsFrom(this.labelNamesOf(), args));
    (super.remove as (...a: unknown[]) => void)(...args);
  }

  override reset(): void {
    super.reset();
    this.budget?.clear();
  }

  /**
   * A child whose label set is admitted now, once. Recording through it adds to the series' entry directly (it
   * goes through prom-client only to create the entry, or for a value prom-client should reject): the hot path of
   * RED metrics, a property lookup and an addition.
   */
  bind(labels: Labels): BoundCounter {
    const { labels: admitted, overflowed } = this.budget.admit(labels, false);
    const self = this as unknown as Internals<{ value: number }>;
    const hash = hashOf(self.sortedLabelNames, admitted);
    return {
      inc: (value = 1) => {
        const entry = self.hashMap[hash];
        if (entry !== undefined && value >= 0 && Number.isFinite(value)) entry.value += value;
        else counterProto.incWithoutExemplar.call(this, admitted, value);
        if (overflowed) this.budget.countOverflow();
      },
    };
  }

  private labelNamesOf(): string[] {
    return (this as unknown as { labelNames: string[] }).labelNames;
  }
}

export class GuardedGauge<T extends string = string> extends Gauge<T> {
  private readonly budget: SeriesBudget;

  constructor(config: GaugeConfiguration<T>, budget: SeriesBudget) {
    super(config);
    this.budget = budget;
  }

  override set(...args: unknown[]): void {
    (super.set as (...a: unknown[]) => void)(...this.admitArgs(args));
  }

  override inc(...args: unknown[]): void {
    (super.inc as (...a: unknown[]) => void)(...this.admitArgs(args));
  }

  override dec(...args: unknown[]): void {
    (super.dec as (...a: unknown[]) => void)(...this.admitArgs(args));
  }

  override remove(...args: unknown[]): void {
    this.budget.release(labelsFrom((this as unknown as { labelNames: string[] }).labelNames, args));
    (super.remove as (...a: unknown[]) => void)(...args);
  }

  override reset(): void {
    super.reset();
    this.budget?.clear();
  }

  private admitArgs(args: unknown[]): unknown[] {
    if (!isLabels(args[0]) || !this.budget) return args;
    return [this.budget.admit(args[0]).labels, ...args.slice(1)];
  }
}

export class GuardedHistogram<T extends string = string> extends Histogram<T> {
  private readonly budget: SeriesBudget;

  constructor(config: HistogramConfiguration<T>, budget: SeriesBudget) {
    super(config);
    this.budget = budget;
  }

  observeWithoutExemplar(labels: unknown, value?: number): void {
    const admitted = isLabels(labels) && this.budget ? this.budget.admit(labels).labels : labels;
    histogramProto.observeWithoutExemplar.call(this, admitted, value);
  }

  override labels(...args: unknown[]): Histogram.Internal<T> {
    const names = (this as unknown as { labelNames: string[] }).labelNames;
    return (super.labels as unknown as (l: Labels) => Histogram.Internal<T>)(this.budget.admit(labelsFrom(names, args)).labels);
  }

  override zero(labels: Partial<Record<T, string | number>>): void {
    const admission = this.budget.admit(labels as Labels);
    // Zeroing the overflow series would erase what it has accumulated.
    if (!admission.overflowed) super.zero(admission.labels as Partial<Record<T, string | number>>);
  }

  override remove(...args: unknown[]): void {
    this.budget.release(labelsFrom((this as unknown as { labelNames: string[] }).labelNames, args));
    (super.remove as (...a: unknown[]) => void)(...args);
  }

  override reset(): void {
    super.reset();
    this.budget?.clear();
  }

  /**
   * A child admitted once. `observe(value, traceId)` also keeps the trace id as the exemplar of the bucket the
   * value falls in (the latest one wins, as in prom-client), which OpenMetrics scrapes carry.
   */
  bind(labels: Labels): BoundHistogram {
    const { labels: admitted, overflowed } = this.budget.admit(labels, false);
    const self = this as unknown as Internals<HistogramEntry> & { upperBounds: number[] };
    const hash = hashOf(self.sortedLabelNames, admitted);
    const bounds = self.upperBounds;
    // prom-client keys its buckets by the bound, a number such as 0.005: indexing with the number converts it to a
    // string and looks that up on every observation (a call into V8's runtime, ~0.2 µs); the names are made once.
    const keys = bounds.map(String);
    return {
      observe: (value, traceId) => {
        const entry = self.hashMap[hash];
        let bound: string | undefined;
        for (let i = 0; i < bounds.length; i++) {
          if (value <= bounds[i]!) {
            bound = keys[i]!;
            break;
          }
        }
        if (entry !== undefined && Number.isFinite(value)) {
          entry.sum += value;
          entry.count += 1;
          if (bound !== undefined) entry.bucketValues[bound]! += 1;
        } else {
          histogramProto.observeWithoutExemplar.call(this, admitted, value);
        }
        if (overflowed) this.budget.countOverflow();
        if (traceId === undefined) return;
        const created = self.hashMap[hash];
        if (!created) return;
        // The bucket's exemplar is updated in place: one object per bucket, not one per request.
        const exemplars = (created.bucketExemplars ??= {});
        const key = bound ?? '-1';
        const exemplar = exemplars[key];
        if (exemplar instanceof TraceExemplar) exemplar.update(traceId, value);
        else exemplars[key] = new TraceExemplar(traceId, value);
      },
    };
  }
}

/** A bucket's exemplar as this module records it; only ours are updated in place (never one the app passed in). */
class TraceExemplar implements Exemplar {
  readonly labelSet: { trace_id: string };
  timestamp: number;

  constructor(
    traceId: string,
    public value: number,
  ) {
    this.labelSet = { trace_id: traceId };
    this.timestamp = Date.now() / 1000;
  }

  update(traceId: string, value: number): void {
    this.labelSet.trace_id = traceId;
    this.value = value;
    this.timestamp = Date.now() / 1000;
  }
}

/** prom-client's key of a label set in a metric's `hashMap` (util.js `hashObject` with the sorted label names). */
function hashOf(sortedLabelNames: readonly string[], labels: Labels): string {
  let hash = '';
  for (const name of sortedLabelNames) {
    const value = labels[name];
    if (value !== undefined) hash += `${name}:${value},`;
  }
  return hash;
}

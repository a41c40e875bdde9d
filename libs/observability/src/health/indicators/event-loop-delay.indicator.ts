import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

export interface EventLoopDelayOptions {
  /** Down when the 99th percentile of the delay exceeds this, in ms. */
  maxP99Ms: number;
  /** The window the percentile covers: the last complete one, at least this long, in ms. */
  windowMs: number;
}

/** `ELDHistogram` in @types/node 24, `IntervalHistogram` in 22: named by what returns it, so our types load under both. */
type EventLoopHistogram = ReturnType<typeof monitorEventLoopDelay>;

const RESOLUTION_MS = 10;
// The histogram records whole timer intervals; the delay is what exceeds the timer's own period.
const ms = (ns: number) => Math.max(0, Math.round(ns / 1e4 - RESOLUTION_MS * 100) / 100);

/**
 * Event-loop delay percentiles from `perf_hooks.monitorEventLoopDelay`, over windows: each check that finds the
 * current window at least `windowMs` old closes it and reports it, so one stall long ago does not linger. The
 * histogram belongs to this provider instance and stops with the module.
 */
@Injectable()
export class EventLoopDelayIndicator implements OnModuleDestroy {
  private histogram?: EventLoopHistogram;
  private windowStart = 0;
  private last?: { p99: number; max: number; mean: number; windowMs: number };

  constructor(private readonly indicators: HealthIndicatorService) {}

  check<const Key extends string>(key: Key, options: EventLoopDelayOptions): HealthIndicatorResult<Key> {
    const session = this.indicators.check(key);
    const histogram = this.start();
    const now = performance.now();
    if (now - this.windowStart >= options.windowMs && histogram.count > 0) {
      this.last = { p99: histogram.percentile(99), max: histogram.max, mean: histogram.mean, windowMs: Math.round(now - this.windowStart) };
      histogram.reset();
      this.windowStart = now;
    }
    if (!this.last) return session.up({ message: 'first window still open' });
    const data = {
      p99_ms: ms(this.last.p99),
      max_ms: ms(this.last.max),
      mean_ms: ms(this.last.mean),
      window_ms: this.last.windowMs,
      max_p99_ms: options.maxP99Ms,
    };
    if (data.p99_ms > options.maxP99Ms)
      return session.down({ message: `event-loop delay p99 ${data.p99_ms}ms above ${options.maxP99Ms}ms`, ...data });
    return session.up(data);
  }

  /** Starts measuring now (the first check otherwise starts it); the module does so at startup. */
  start(): EventLoopHistogram {
    if (!this.histogram) {
      this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      this.histogram.enable();
      this.windowStart = performance.now();
    }
    return this.histogram;
  }

  onModuleDestroy(): void {
    this.histogram?.disable();
    this.histogram = undefined;
    this.last = undefined;
  }
}

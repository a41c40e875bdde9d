import { performance } from 'node:perf_hooks';

/** The part of MetricsService the profiling pillar uses (structural, so this file loads no prom-client). */
export interface ProfilingMetricsSource {
  counter(options: { name: string; help: string; labelNames?: readonly string[] }): {
    inc(labels: Record<string, string>, value?: number): void;
  };
  gauge(options: { name: string; help: string; collect?: (this: { set(value: number): void }) => void }): unknown;
}

/** Why a profile did not reach Pyroscope. */
export type DropReason = 'timeout' | 'unreachable' | 'rejected' | 'queue_full' | 'shutdown';

/**
 * `<ns>_profiles_dropped_total{reason}`, `<ns>_profiles_uploaded_total`, and `<ns>_event_loop_utilization` (the
 * share of time the event loop was busy since the previous scrape, beside the metrics pillar's event-loop delay
 * percentiles and GC durations). Without the metrics pillar, nothing.
 */
export class ProfilingMetrics {
  private readonly dropped?: ReturnType<ProfilingMetricsSource['counter']>;
  private readonly uploaded?: ReturnType<ProfilingMetricsSource['counter']>;

  constructor(source: ProfilingMetricsSource | undefined) {
    if (!source) return;
    this.dropped = source.counter({
      name: 'profiles_dropped_total',
      help: 'Profiles that did not reach Pyroscope, by reason (timeout, unreachable, rejected, queue_full, shutdown).',
      labelNames: ['reason'],
    });
    this.uploaded = source.counter({ name: 'profiles_uploaded_total', help: 'Profiles Pyroscope accepted.' });
    let last = performance.eventLoopUtilization();
    source.gauge({
      name: 'event_loop_utilization',
      help: 'Share of time the event loop was busy (0 to 1) since the previous scrape.',
      collect() {
        const now = performance.eventLoopUtilization();
        this.set(performance.eventLoopUtilization(now, last).utilization);
        last = now;
      },
    });
  }

  drop(reason: DropReason, count = 1): void {
    try {
      this.dropped?.inc({ reason }, count);
    } catch {
      // A metrics failure is not a profiling failure.
    }
  }

  upload(): void {
    try {
      this.uploaded?.inc({});
    } catch {
      // A metrics failure is not a profiling failure.
    }
  }
}

/** The part of MetricsService the profiling pillar uses (structural, so this file loads no prom-client). */
export interface ProfilingMetricsSource {
  counter(options: { name: string; help: string; labelNames?: readonly string[] }): {
    inc(labels: Record<string, string>, value?: number): void;
  };
}

/** Why a profile did not reach Pyroscope. */
export type DropReason = 'timeout' | 'unreachable' | 'rejected' | 'queue_full' | 'shutdown';

/** `<ns>_profiles_dropped_total{reason}` and `<ns>_profiles_uploaded_total`; without the metrics pillar, nothing. */
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

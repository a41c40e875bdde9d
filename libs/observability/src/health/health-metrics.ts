import type { CheckResult } from './check-runner.js';

/** The part of MetricsService the health pillar uses (kept structural so this file does not load prom-client). */
export interface HealthMetricsSource {
  gauge(options: { name: string; help: string; labelNames?: readonly string[] }): {
    set(labels: Record<string, string>, value: number): void;
  };
  histogram(options: { name: string; help: string; labelNames?: readonly string[]; buckets?: number[] }): {
    observe(labels: Record<string, string>, value: number): void;
  };
}

const STATUS_VALUE = { up: 1, degraded: 0.5, down: 0 } as const;

/**
 * `<ns>_health_check_status{check}` (1 up, 0.5 degraded, 0 down) and `<ns>_health_check_duration_seconds{check}`,
 * recorded after each run. Without the metrics pillar this records nothing.
 */
export class HealthMetrics {
  private readonly status?: ReturnType<HealthMetricsSource['gauge']>;
  private readonly duration?: ReturnType<HealthMetricsSource['histogram']>;

  constructor(source: HealthMetricsSource | undefined) {
    if (!source) return;
    this.status = source.gauge({
      name: 'health_check_status',
      help: 'Latest result of each health check: 1 up, 0.5 degraded, 0 down.',
      labelNames: ['check'],
    });
    this.duration = source.histogram({
      name: 'health_check_duration_seconds',
      help: 'How long each health check took (a check that times out is observed at the timeout).',
      labelNames: ['check'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
  }

  record(results: readonly CheckResult[]): void {
    for (const { name, detail, durationMs } of results) {
      try {
        this.status?.set({ check: name }, STATUS_VALUE[detail.status]);
        this.duration?.observe({ check: name }, durationMs / 1000);
      } catch {
        // A metrics failure must not turn into a health failure.
      }
    }
  }
}

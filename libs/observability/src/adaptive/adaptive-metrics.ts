import type { MetricsService } from '../metrics/index.js';
import type { LevelChange } from './governor/governor-policy.js';
import type { GovernorStatus } from './governor/telemetry-governor.js';

/**
 * The governor's metrics, read at scrape time from its status: `<ns>_telemetry_level` (0 = full telemetry),
 * `<ns>_telemetry_trace_sample_rate` (the head sampler's ratio now), `<ns>_telemetry_overhead_seconds` and
 * `<ns>_telemetry_overhead_share` (the suite's measured per-request work), and
 * `<ns>_telemetry_level_changes_total{direction}`.
 */
export class AdaptiveMetrics {
  private readonly changes;

  constructor(metrics: MetricsService, status: () => GovernorStatus, sampleRate: () => number) {
    metrics.gauge({
      name: 'telemetry_level',
      help: 'Steps the load governor took telemetry down (0: full telemetry; each step lowers trace sampling, from 1 debug logs are off).',
      collect(this: { set(value: number): void }) {
        this.set(status().level);
      },
    });
    metrics.gauge({
      name: 'telemetry_trace_sample_rate',
      help: "The head sampler's ratio now: sample_rate, lowered by the traces-per-second target and the load governor.",
      collect(this: { set(value: number): void }) {
        this.set(sampleRate());
      },
    });
    metrics.gauge({
      name: 'telemetry_overhead_seconds',
      help: "Mean time of the suite's own end-of-request work per request, over the requests timed in the last interval that had any.",
      collect(this: { set(value: number): void }) {
        this.set(status().overhead?.seconds ?? 0);
      },
    });
    metrics.gauge({
      name: 'telemetry_overhead_share',
      help: "Share of the event loop the suite's own per-request work took (overhead seconds × requests per second).",
      collect(this: { set(value: number): void }) {
        this.set(status().overhead?.share ?? 0);
      },
    });
    this.changes = metrics.counter<'direction'>({
      name: 'telemetry_level_changes_total',
      help: 'Changes of telemetry level by the load governor, by direction (down, up).',
      labelNames: ['direction'],
    });
    this.changes.inc({ direction: 'down' }, 0);
    this.changes.inc({ direction: 'up' }, 0);
  }

  record(change: LevelChange): void {
    this.changes.inc({ direction: change.direction });
  }
}

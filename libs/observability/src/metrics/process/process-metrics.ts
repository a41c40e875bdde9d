import { monitorEventLoopDelay, type Histogram } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, Registry, type Metric } from 'prom-client';

/**
 * prom-client's `*_total` gauges (`nodejs_active_handles_total`…) break the naming rule promtool checks: only
 * counters end in `_total`. Each one is the sum of its per-type gauge (`sum(nodejs_active_handles)`), so they are
 * dropped rather than exposed under a wrong type.
 */
const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** The event-loop delay gauges, same names and meaning as prom-client's, over the window since the last scrape. */
const LAG_GAUGES: readonly { name: string; help: string; read: (h: Histogram) => number }[] = [
  { name: 'nodejs_eventloop_lag_min_seconds', help: 'The minimum recorded event loop delay.', read: (h) => h.min },
  { name: 'nodejs_eventloop_lag_max_seconds', help: 'The maximum recorded event loop delay.', read: (h) => h.max },
  { name: 'nodejs_eventloop_lag_mean_seconds', help: 'The mean of the recorded event loop delays.', read: (h) => h.mean },
  { name: 'nodejs_eventloop_lag_stddev_seconds', help: 'The standard deviation of the recorded event loop delays.', read: (h) => h.stddev },
  {
    name: 'nodejs_eventloop_lag_p50_seconds',
    help: 'The 50th percentile of the recorded event loop delays.',
    read: (h) => h.percentile(50),
  },
  {
    name: 'nodejs_eventloop_lag_p90_seconds',
    help: 'The 90th percentile of the recorded event loop delays.',
    read: (h) => h.percentile(90),
  },
  {
    name: 'nodejs_eventloop_lag_p99_seconds',
    help: 'The 99th percentile of the recorded event loop delays.',
    read: (h) => h.percentile(99),
  },
];
const LAG_NAME = 'nodejs_eventloop_lag_seconds';

/**
 * The process's own metrics (CPU, memory, heap spaces, file descriptors, GC durations, Node version), collected
 * once per process and registered into every app's registry.
 *
 * The one deliberately process-wide object of the suite, because these are facts about the process: every app in it
 * would report the same values. prom-client's `collectDefaultMetrics` starts a GC observer and an event-loop monitor
 * that nothing can stop; calling it per app (per test module) left one of each behind for every closed app.
 * The event-loop family is left out here: its window resets at each scrape, so each app keeps its own
 * ({@link EventLoopLagMetrics}).
 */
let processWide: readonly Metric[] | undefined;

export function processMetrics(): readonly Metric[] {
  if (processWide) return processWide;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of [...MISNAMED_DEFAULT_GAUGES, LAG_NAME, ...LAG_GAUGES.map((g) => g.name)]) registry.removeSingleMetric(name);
  // The registry hands back the metric objects themselves (typed as their JSON shape).
  processWide = registry.getMetricsAsArray() as unknown as Metric[];
  return processWide;
}

/**
 * One app's event-loop delay gauges: a monitor of its own, read and reset at each of this app's scrapes (so two
 * apps scraped at different times never shorten each other's window), stopped when the app shuts down.
 */
export class EventLoopLagMetrics {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });

  constructor(registry: Registry) {
    const histogram = this.histogram;
    histogram.enable();
    const gauges = LAG_GAUGES.map((g) => ({ read: g.read, gauge: new Gauge({ name: g.name, help: g.help, registers: [registry] }) }));
    const lag = new Gauge({
      name: LAG_NAME,
      help: 'Lag of event loop in seconds.',
      registers: [registry],
      // Sets every gauge of the family; the lag itself is measured from now to the next turn of the loop, so a
      // scrape shows the lag measured at the previous one.
      collect() {
        const started = process.hrtime.bigint();
        setImmediate(() => lag.set(Number(process.hrtime.bigint() - started) / 1e9));
        for (const { gauge, read } of gauges) gauge.set(read(histogram) / 1e9);
        histogram.reset();
      },
    });
  }

  stop(): void {
    this.histogram.disable();
  }
}

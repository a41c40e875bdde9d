// The alerting benches' load: 10,000 series in a prom-client registry and 50 distinct rules over them.
// 250 endpoints × 4 codes = 1,000 counters; 250 × 10 buckets + sum + count = 3,000 histogram series; 6,000 gauges
// (250 endpoints × 24 workers). Metric names are `<prefix>_requests_total`, `<prefix>_request_duration_seconds`
// and `<prefix>_queue_depth`.
export const STEP = 15_000;
export const ENDPOINTS = Array.from({ length: 250 }, (_, i) => `/api/r${i}/:id`);
const CODES = ['200', '404', '500', '503'];
export const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

/** The series as label sets with their kind, in registry order. */
export function* fixtureSeries(prefix) {
  for (const endpoint of ENDPOINTS) {
    for (const code of CODES) yield [{ __name__: `${prefix}_requests_total`, method: 'GET', endpoint, status_code: code }, 'counter'];
    for (const le of BUCKETS) yield [{ __name__: `${prefix}_request_duration_seconds_bucket`, method: 'GET', endpoint, le }, 'bucket'];
    yield [{ __name__: `${prefix}_request_duration_seconds_sum`, method: 'GET', endpoint }, 'counter'];
    yield [{ __name__: `${prefix}_request_duration_seconds_count`, method: 'GET', endpoint }, 'counter'];
    for (let w = 0; w < 24; w++) yield [{ __name__: `${prefix}_queue_depth`, endpoint, worker: String(w) }, 'gauge'];
  }
}

/**
 * 50 rules; every one differs (its window), so nothing is shared between rules through the per-evaluation cache;
 * each reads 1,000 to 6,000 series. Half hold for every endpoint (threshold 0.5): 5,000 alerts fire.
 */
export function fixtureRules(prefix) {
  const templates = [
    (w) =>
      `sum by (endpoint) (rate(${prefix}_requests_total{status_code=~"5.."}[${w}s])) / sum by (endpoint) (rate(${prefix}_requests_total[${w}s]))`,
    (w) => `histogram_quantile(0.99, sum by (le, endpoint) (rate(${prefix}_request_duration_seconds_bucket[${w}s])))`,
    (w) => `sum by (endpoint) (increase(${prefix}_requests_total{status_code="404"}[${w}s]))`,
    (w) => `max by (endpoint) (avg_over_time(${prefix}_queue_depth[${w}s]))`,
    (w) =>
      `sum without (worker) (${prefix}_queue_depth) / on (endpoint) group_left sum by (endpoint) (irate(${prefix}_requests_total[${w}s]))`,
  ];
  return `rules:\n${Array.from(
    { length: 50 },
    (_, i) =>
      `  - name: Rule${i}\n    condition: '${templates[i % templates.length](240 + i)}'\n    threshold: ${i % 2 ? 0.5 : 1e9}\n    duration: 1m\n`,
  ).join('')}`;
}

/**
 * Registers the fixture's metrics in a MetricsService: the prefix is its namespace, followed by `stem` when given.
 * Returns a function that records a round of values.
 */
export function fixtureMetrics(metrics, stem) {
  const name = (n) => (stem ? `${stem}_${n}` : n);
  const requests = metrics.counter({ name: name('requests_total'), help: 'r', labelNames: ['method', 'endpoint', 'status_code'] });
  const duration = metrics.histogram({
    name: name('request_duration_seconds'),
    help: 'd',
    labelNames: ['method', 'endpoint'],
    buckets: BUCKETS.slice(0, -1).map(Number),
  });
  const depth = metrics.gauge({ name: name('queue_depth'), help: 'q', labelNames: ['endpoint', 'worker'] });
  return (k) => {
    for (const endpoint of ENDPOINTS) {
      for (const code of CODES) requests.inc({ method: 'GET', endpoint, status_code: code }, 3);
      duration.observe({ method: 'GET', endpoint }, (k % 10) / 10);
      for (let w = 0; w < 24; w++) depth.set({ endpoint, worker: String(w) }, (k + w) % 20);
    }
  };
}

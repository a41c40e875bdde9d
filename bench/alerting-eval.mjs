// Alert evaluation cost (run `npm run build` first): one evaluation of 50 rules over 10,000 series, the target
// being <= 50 ms, and the same evaluation preceded by reading a 10,000-series prom-client registry (what every
// scheduled tick does), against the registry read alone as the baseline of the same run.
// Usage: node bench/alerting-eval.mjs
import 'reflect-metadata';
import { AlertsService } from '../libs/observability/dist/alerting/alerts.service.js';
import { RuleEvaluator } from '../libs/observability/dist/alerting/rule-evaluator.js';
import { parseRules } from '../libs/observability/dist/alerting/rules/parse-rules.js';
import { readRegistry } from '../libs/observability/dist/alerting/storage/registry-samples.js';
import { SampleStore } from '../libs/observability/dist/alerting/storage/sample-store.js';
import { MetricsService } from '../libs/observability/dist/metrics/metrics.service.js';
import { validateObservabilityConfig } from 'nestjs-observability';

const STEP = 15_000;
const ENDPOINTS = Array.from({ length: 250 }, (_, i) => `/api/r${i}/:id`);
const CODES = ['200', '404', '500', '503'];
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];

// 250 endpoints × 4 codes = 1,000 counters; 250 × 10 buckets + sum + count = 3,000 histogram series;
// 6,000 gauges (250 endpoints × 24 workers): 10,000 series.
function* series() {
  for (const endpoint of ENDPOINTS) {
    for (const code of CODES) yield [{ __name__: 'bench_requests_total', method: 'GET', endpoint, status_code: code }, 'counter'];
    for (const le of BUCKETS) yield [{ __name__: 'bench_request_duration_seconds_bucket', method: 'GET', endpoint, le }, 'bucket'];
    yield [{ __name__: 'bench_request_duration_seconds_sum', method: 'GET', endpoint }, 'counter'];
    yield [{ __name__: 'bench_request_duration_seconds_count', method: 'GET', endpoint }, 'counter'];
    for (let w = 0; w < 24; w++) yield [{ __name__: 'bench_queue_depth', endpoint, worker: String(w) }, 'gauge'];
  }
}

// Every rule differs (its window), so nothing is shared between rules through the per-evaluation cache; each reads
// 1,000 to 6,000 series.
const TEMPLATES = [
  (w) =>
    `sum by (endpoint) (rate(bench_requests_total{status_code=~"5.."}[${w}s])) / sum by (endpoint) (rate(bench_requests_total[${w}s]))`,
  (w) => `histogram_quantile(0.99, sum by (le, endpoint) (rate(bench_request_duration_seconds_bucket[${w}s])))`,
  (w) => `sum by (endpoint) (increase(bench_requests_total{status_code="404"}[${w}s]))`,
  (w) => `max by (endpoint) (avg_over_time(bench_queue_depth[${w}s]))`,
  (w) => `sum without (worker) (bench_queue_depth) / on (endpoint) group_left sum by (endpoint) (irate(bench_requests_total[${w}s]))`,
];
const RULES = `rules:\n${Array.from(
  { length: 50 },
  (_, i) =>
    `  - name: Rule${i}\n    condition: '${TEMPLATES[i % TEMPLATES.length](240 + i)}'\n    threshold: ${i % 2 ? 0.5 : 1e9}\n    duration: 1m\n`,
).join('')}`;
const rules = parseRules(RULES, 'bench-rules.yaml');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median and max of `n` timed runs of `fn`, each after an untimed `setup` (new samples arrive between ticks). */
async function measure(n, fn, setup = () => {}) {
  for (let i = 0; i < 3; i++) {
    setup(i);
    await fn(i);
  }
  const times = [];
  const cpu = [];
  for (let i = 0; i < n; i++) {
    setup(i + 3);
    const start = process.hrtime.bigint();
    const startCpu = process.cpuUsage();
    await fn(i + 3);
    const used = process.cpuUsage(startCpu);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1000);
  }
  // CPU time is what the work costs; wall time also counts waiting for a core on a shared machine.
  return { median: median(times), max: Math.max(...times), cpu: median(cpu) };
}

// 1. The evaluator alone, over a store already holding 5 minutes of 15s samples per series.
const store = new SampleStore({ retentionMs: 11 * 60_000, samplesPerSeries: 50, maxSeries: 100_000 });
const all = [...series()];
let t = 0;
const tick = () => {
  t += STEP;
  const k = t / STEP;
  for (const [labels, kind] of all) {
    const v = kind === 'gauge' ? (k * 7 + labels.worker.length) % 20 : kind === 'bucket' ? k * (BUCKETS.indexOf(labels.le) + 1) : k * 3;
    store.append(labels, t, v);
  }
};
for (let i = 0; i < 41; i++) tick();
const evaluator = new RuleEvaluator(rules, store);
const evalOnly = await measure(
  20,
  () => evaluator.evaluate(t),
  () => tick(),
);

// 2. What a scheduled tick does: read a prom-client registry of 10,000 series into the store, then evaluate.
const config = validateObservabilityConfig({ metrics: { namespace: 'bench', default_metrics: false, series_limit: 20_000 } });
const metrics = new MetricsService(config.metrics);
const requests = metrics.counter({ name: 'requests_total', help: 'r', labelNames: ['method', 'endpoint', 'status_code'] });
const duration = metrics.histogram({
  name: 'request_duration_seconds',
  help: 'd',
  labelNames: ['method', 'endpoint'],
  buckets: BUCKETS.slice(0, -1).map(Number),
});
const depth = metrics.gauge({ name: 'queue_depth', help: 'q', labelNames: ['endpoint', 'worker'] });
const record = (k) => {
  for (const endpoint of ENDPOINTS) {
    for (const code of CODES) requests.inc({ method: 'GET', endpoint, status_code: code }, 3);
    duration.observe({ method: 'GET', endpoint }, (k % 10) / 10);
    for (let w = 0; w < 24; w++) depth.set({ endpoint, worker: String(w) }, (k + w) % 20);
  }
};
let now = 0;
const service = new AlertsService(
  { ...config.alerts, enabled: true, evaluation_interval: STEP },
  rules,
  { send() {} },
  { clock: () => now },
  metrics,
);
for (let i = 0; i < 21; i++) {
  record(i);
  now += STEP;
  await service.evaluate();
}
const seriesInRegistry = (await readRegistry(metrics.registry)).length;
const readOnly = await measure(20, () => readRegistry(metrics.registry), record);
const full = await measure(
  20,
  () => service.evaluate(),
  (i) => {
    record(i);
    now += STEP;
  },
);

const line = (label, r) =>
  console.log(
    `${label.padEnd(60)} cpu ${r.cpu.toFixed(1).padStart(6)} ms  wall median ${r.median.toFixed(1).padStart(6)} ms  max ${r.max.toFixed(1).padStart(6)} ms`,
  );
console.log(`${rules.length} rules, ${all.length} series in the store, ${seriesInRegistry} series in the registry`);
line('evaluate 50 rules (store filled, no registry read)', evalOnly);
line('baseline: read the 10,000-series registry', readOnly);
line('scheduled tick: read registry + ingest + evaluate 50 rules', full);
console.log(
  `evaluation (cpu) vs the 50 ms target: ${(evalOnly.cpu / 50).toFixed(2)}x; tick vs registry read alone (cpu): ${(full.cpu / readOnly.cpu).toFixed(2)}x`,
);

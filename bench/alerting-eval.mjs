// Alert evaluation cost (run `npm run build` first): CPU time of one evaluation of 50 rules over 10,000 series (the
// target being <= 50 ms), and of a scheduled tick (read a 10,000-series prom-client registry, ingest it, evaluate),
// against the same tick without rules (registry read + ingestion) as the baseline, interleaved in the same run.
// Prints the median, 90th percentile and the spread (min-max) of the rounds. Usage: node bench/alerting-eval.mjs [rounds]
import 'reflect-metadata';
import { AlertsService } from '../libs/observability/dist/alerting/alerts.service.js';
import { RuleEvaluator } from '../libs/observability/dist/alerting/rule-evaluator.js';
import { parseRules } from '../libs/observability/dist/alerting/rules/parse-rules.js';
import { readRegistry } from '../libs/observability/dist/alerting/storage/registry-samples.js';
import { SampleStore } from '../libs/observability/dist/alerting/storage/sample-store.js';
import { MetricsService } from '../libs/observability/dist/metrics/metrics.service.js';
import { validateObservabilityConfig } from 'nestjs-observability';
import { BUCKETS, fixtureMetrics, fixtureRules, fixtureSeries, STEP } from './alerting-fixture.mjs';

const rules = parseRules(fixtureRules('bench'), 'bench-rules.yaml');

const ROUNDS = Number(process.argv[2] ?? 25);
const cpuMs = (used) => (used.user + used.system) / 1000;

async function timed(fn) {
  const start = process.cpuUsage();
  await fn();
  return cpuMs(process.cpuUsage(start));
}

// 1. The evaluator alone, over a store already holding 10 minutes of 15s samples per series.
const store = new SampleStore({ retentionMs: 11 * 60_000, samplesPerSeries: 50, maxSeries: 100_000 });
const all = [...fixtureSeries('bench')];
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
// The first evaluation meets every series for the first time (selections, groups, alert fingerprints).
tick();
const first = await timed(() => evaluator.evaluate(t));
for (let i = 0; i < 3; i++) {
  tick();
  evaluator.evaluate(t);
}

// 2. What a scheduled tick does: read a prom-client registry of 10,000 series into the store, then evaluate; and
// the same without rules: the registry read and ingestion alone.
const config = validateObservabilityConfig({ metrics: { namespace: 'bench', default_metrics: false, series_limit: 20_000 } });
const metrics = new MetricsService(config.metrics);
const record = fixtureMetrics(metrics);
let now = 0;
const service = new AlertsService(
  { ...config.alerts, enabled: true, evaluation_interval: STEP },
  rules,
  { send() {} },
  { clock: () => now },
  metrics,
);
const ruleFree = new SampleStore({ retentionMs: 11 * 60_000, samplesPerSeries: 50, maxSeries: 100_000 });
const ingestOnly = async () => ruleFree.ingest(now, await readRegistry(metrics.registry));
for (let i = 0; i < 41; i++) {
  record(i);
  now += STEP;
  await service.evaluate();
  await ingestOnly();
}
const seriesInRegistry = (await readRegistry(metrics.registry)).length;

// Interleaved rounds: new samples arrive between them, as between scheduled ticks.
const results = { evaluate: [], tick: [], baseline: [] };
for (let round = 0; round < ROUNDS; round++) {
  tick();
  results.evaluate.push(await timed(() => evaluator.evaluate(t)));
  record(round);
  now += STEP;
  const pair = [
    ['tick', () => service.evaluate()],
    ['baseline', ingestOnly],
  ];
  for (const [name, fn] of round % 2 ? pair.reverse() : pair) results[name].push(await timed(fn));
}

const stats = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q) => sorted[Math.floor(q * (sorted.length - 1))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted[sorted.length - 1] };
};
const line = (label, xs) => {
  const { median, p90, min, max } = stats(xs);
  console.log(`${label.padEnd(58)} ${median.toFixed(1).padStart(6)} ms  p90 ${p90.toFixed(1)}  (${min.toFixed(1)}-${max.toFixed(1)})`);
};
console.log(
  `node ${process.version}; ${rules.length} rules; ${all.length} series in the store, ${seriesInRegistry} in the registry; ${ROUNDS} rounds; CPU ms per run: median, 90th percentile (min-max)`,
);
console.log(`${'first evaluation of the 50 rules (every series new to it)'.padEnd(58)} ${first.toFixed(1).padStart(6)} ms`);
line('evaluate 50 rules (store filled, no registry read)', results.evaluate);
line('baseline: tick without rules (registry read + ingestion)', results.baseline);
line('scheduled tick: registry read + ingestion + 50 rules', results.tick);
const m = (name) => stats(results[name]).median;
console.log(
  `evaluation vs the 50 ms target: ${(m('evaluate') / 50).toFixed(2)}x; tick vs the rule-free baseline: ${(m('tick') / m('baseline')).toFixed(2)}x (rules: ${(m('tick') - m('baseline')).toFixed(1)} ms of ${m('tick').toFixed(1)})`,
);

// What the anomaly detector costs per sample per series (run `npm run build` or `npm run eval:anomaly` first): 100
// series fed round-robin, as an alert evaluation tick feeds them, with and without the daily profile, against a bare
// EWMA update of the same series measured in the same run (interleaved rounds, median). Budget: 2 µs per sample.
// The rule path is what a `type: anomaly` rule adds to an evaluation per series: its baseline looked up by label set,
// the detector, the state machine on the scores, the trend (the PromQL evaluation, the same for every rule, excluded).
// Usage: node bench/anomaly-micro.mjs [--rounds 7]
import { AnomalyDetector } from '../libs/observability/dist/alerting/smart/anomaly-detector.js';
import { AnomalyBaselines } from '../libs/observability/dist/alerting/smart/anomaly-baselines.js';
import { AnomalyRuleState } from '../libs/observability/dist/alerting/smart/anomaly-rule-state.js';
import { parseRules } from '../libs/observability/dist/alerting/rules/parse-rules.js';

const args = process.argv.slice(2);
const rounds = args[0] === '--rounds' ? Number(args[1]) : 7;
const SERIES = 100;
const STEPS = 5_000;
const STEP_MS = 60_000;

/** The same pseudo-random series every run: a daily cycle, noise, now and then a spike. */
const values = new Float64Array(SERIES * STEPS);
let seed = 42;
const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32) * 2 - 1;
for (let s = 0; s < SERIES; s++) {
  for (let t = 0; t < STEPS; t++) {
    const spike = rnd() > 0.999 ? 50 : 0;
    values[t * SERIES + s] = 100 + s + 20 * Math.sin((2 * Math.PI * t) / 1440) + 3 * rnd() + spike;
  }
}

/** CPU time (user + system) since `start`, in ns: the machine is shared, so wall time would measure the neighbours. */
function cpuNs(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

class Ewma {
  mean = 0;
  update(v) {
    this.mean += 0.01 * (v - this.mean);
    return this.mean;
  }
}

function run(create) {
  const detectors = Array.from({ length: SERIES }, create);
  let sink = 0;
  const start = process.cpuUsage();
  for (let t = 0; t < STEPS; t++) {
    const ts = t * STEP_MS;
    for (let s = 0; s < SERIES; s++) {
      const r = detectors[s].update(values[t * SERIES + s], ts);
      sink += typeof r === 'number' ? r : r.score;
    }
  }
  const ns = cpuNs(start) / (SERIES * STEPS);
  if (Number.isNaN(sink)) throw new Error('a score was NaN');
  return ns;
}

/** One anomaly rule over SERIES label sets, fed as an evaluation tick feeds it: a condition vector per tick. */
function runRule(seasonality) {
  const [rule] = parseRules(
    `rules:\n  - { name: Bench, type: anomaly, condition: latency, warmup: 0s${seasonality ? ', seasonality: daily' : ''} }\n`,
    'bench.yaml',
  );
  const state = new AnomalyRuleState(rule, 300_000, new AnomalyBaselines([rule], SERIES));
  const labels = Array.from({ length: SERIES }, (_, s) => ({ __name__: 'latency', route: `/api/route/${s}`, method: 'GET' }));
  const noTraces = () => [];
  let sink = 0;
  const start = process.cpuUsage();
  for (let t = 0; t < STEPS; t++) {
    const condition = labels.map((l, s) => ({ labels: l, value: values[t * SERIES + s] }));
    sink += state.update(condition, t * STEP_MS, noTraces).firing.length;
  }
  const ns = cpuNs(start) / (SERIES * STEPS);
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return ns;
}

const RULE_CASES = {
  'anomaly rule path': () => runRule(false),
  'anomaly rule path, daily seasonality': () => runRule(true),
};

const cases = {
  'bare EWMA (baseline)': () => new Ewma(),
  AnomalyDetector: () => new AnomalyDetector(),
  'AnomalyDetector, daily seasonality': () => new AnomalyDetector({ seasonality: { periodMs: 86_400_000 } }),
};
const results = Object.fromEntries([...Object.keys(cases), ...Object.keys(RULE_CASES)].map((k) => [k, []]));
for (const create of Object.values(cases)) run(create); // warm the JIT
for (const measure of Object.values(RULE_CASES)) measure();
for (let r = 0; r < rounds; r++) {
  for (const [name, create] of Object.entries(cases)) results[name].push(run(create));
  for (const [name, measure] of Object.entries(RULE_CASES)) results[name].push(measure());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results['bare EWMA (baseline)']);
console.log(`${SERIES} series × ${STEPS} samples, CPU time, median of ${rounds} interleaved rounds`);
for (const [name, xs] of Object.entries(results)) {
  const ns = median(xs);
  console.log(`${name.padEnd(40)} ${ns.toFixed(0).padStart(6)} ns/sample  ×${(ns / base).toFixed(1)} baseline`);
}
const verdict = (ns) => `${(ns / 1000).toFixed(3)} µs (budget 2 µs) ${ns <= 2000 ? 'within' : 'OVER'} budget`;
const worst = Math.max(median(results.AnomalyDetector), median(results['AnomalyDetector, daily seasonality']));
const worstRule = Math.max(...Object.keys(RULE_CASES).map((k) => median(results[k])));
console.log(`per sample per series: ${verdict(worst)}`);
console.log(`rule path per sample per series: ${verdict(worstRule)}`);

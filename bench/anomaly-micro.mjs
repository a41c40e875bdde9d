// What the anomaly detector costs per sample per series (run `npm run build` or `npm run eval:anomaly` first): 100
// series fed round-robin, as an alert evaluation tick feeds them, with and without the daily profile, against a bare
// EWMA update of the same series measured in the same run (interleaved rounds, median). Budget: 2 µs per sample.
// Usage: node bench/anomaly-micro.mjs [--rounds 7]
import { AnomalyDetector } from '../libs/observability/dist/alerting/smart/anomaly-detector.js';

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
  const start = process.hrtime.bigint();
  for (let t = 0; t < STEPS; t++) {
    const ts = t * STEP_MS;
    for (let s = 0; s < SERIES; s++) {
      const r = detectors[s].update(values[t * SERIES + s], ts);
      sink += typeof r === 'number' ? r : r.score;
    }
  }
  const ns = Number(process.hrtime.bigint() - start) / (SERIES * STEPS);
  if (Number.isNaN(sink)) throw new Error('a score was NaN');
  return ns;
}

const cases = {
  'bare EWMA (baseline)': () => new Ewma(),
  AnomalyDetector: () => new AnomalyDetector(),
  'AnomalyDetector, daily seasonality': () => new AnomalyDetector({ seasonality: { periodMs: 86_400_000 } }),
};
const results = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const create of Object.values(cases)) run(create); // warm the JIT
for (let r = 0; r < rounds; r++) for (const [name, create] of Object.entries(cases)) results[name].push(run(create));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results['bare EWMA (baseline)']);
console.log(`${SERIES} series × ${STEPS} samples, median of ${rounds} interleaved rounds`);
for (const [name, xs] of Object.entries(results)) {
  const ns = median(xs);
  console.log(`${name.padEnd(40)} ${ns.toFixed(0).padStart(6)} ns/sample  ×${(ns / base).toFixed(1)} baseline`);
}
const worst = Math.max(median(results.AnomalyDetector), median(results['AnomalyDetector, daily seasonality']));
console.log(`per sample per series: ${(worst / 1000).toFixed(3)} µs (budget 2 µs) ${worst <= 2000 ? 'within' : 'OVER'} budget`);

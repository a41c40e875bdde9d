// Scores our anomaly detector and NAB's windowed-Gaussian baseline on a NAB-format corpus with the published NAB
// rules, per profile, overall and per data family. Exits 1 unless ours beats the reference on every profile.
// Usage: npm run eval:anomaly [-- --data DIR --labels FILE]   (defaults: the subset shipped in datasets/nab/)
import { fileURLToPath } from 'node:url';
import { AnomalyDetector } from '../libs/observability/dist/alerting/smart/anomaly-detector.js';
import { WindowedGaussianDetector } from '../libs/observability/dist/alerting/smart/nab/windowed-gaussian.js';
import { NAB_DETECTOR_OPTIONS } from '../libs/observability/dist/alerting/smart/nab/nab-detector-options.js';
import { loadCorpus } from './nab-corpus.mjs';
import { evaluate, scoreCorpus } from './nab-evaluate.mjs';

function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

function main() {
  const args = process.argv.slice(2);
  for (const a of args)
    if (a.startsWith('--') && a !== '--data' && a !== '--labels') throw new Error(`unknown option ${a}; have --data DIR --labels FILE`);
  const data = option(args, 'data', fileURLToPath(new URL('../datasets/nab/data', import.meta.url)));
  const labels = option(args, 'labels', fileURLToPath(new URL('../datasets/nab/labels/combined_windows.json', import.meta.url)));

  const started = performance.now();
  const corpus = loadCorpus(data, labels);
  const detectors = {
    ours: evaluate(
      scoreCorpus(
        corpus,
        () => new AnomalyDetector(NAB_DETECTOR_OPTIONS),
        (d, v, t) => d.update(v, t).score,
      ),
    ),
    reference: evaluate(
      scoreCorpus(
        corpus,
        () => new WindowedGaussianDetector(),
        (d, v) => d.update(v),
      ),
    ),
  };

  const windows = corpus.reduce((n, s) => n + s.windows.length, 0);
  const rows = corpus.reduce((n, s) => n + s.values.length, 0);
  console.log(`NAB corpus: ${corpus.length} series, ${rows} rows, ${windows} windows (${data})`);
  const fmt = (x) => (Number.isNaN(x) ? '   —' : x.toFixed(1).padStart(5));
  for (const [name, results] of Object.entries(detectors)) {
    console.log(`\n${name === 'ours' ? 'ours (AnomalyDetector)' : 'reference (windowed Gaussian)'}`);
    console.log(`  ${'profile'.padEnd(15)} ${'score'.padStart(5)}  threshold  ${results[0].families.map((f) => f.family).join('  ')}`);
    for (const r of results) {
      const fam = r.families
        .map((f) => (f.windows > 0 ? fmt(f.normalized) : `raw ${f.raw.toFixed(2)}`).padStart(f.family.length))
        .join('  ');
      console.log(`  ${r.profile.padEnd(15)} ${fmt(r.normalized)}  ${r.threshold.toPrecision(8)}   ${fam}`);
    }
  }
  const beats = detectors.ours.map((r, i) => r.normalized > detectors.reference[i].normalized);
  console.log(
    `\nours beats the reference on ${beats.filter(Boolean).length} of ${beats.length} profiles (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const standard = (results) => results.find((r) => r.profile === 'standard').normalized.toFixed(1);
  console.log(`NAB standard: ours ${standard(detectors.ours)} reference ${standard(detectors.reference)}`);
  if (!beats.every(Boolean)) process.exitCode = 1;
}

try {
  main();
} catch (e) {
  // Bad input (a missing file, a window off the timestamps) is reported as one line naming it, not a stack.
  console.error(`eval:anomaly: ${e.message}`);
  process.exitCode = 2;
}

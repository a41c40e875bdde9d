// Scores detectors on a NAB-format corpus with the published rules (libs/observability/src/alerting/smart/nab/).
import { nabFileRows } from '../libs/observability/dist/alerting/smart/nab/nab-file.js';
import { NAB_PROFILES } from '../libs/observability/dist/alerting/smart/nab/nab-profiles.js';
import { normalize, rawScoreAt, sweepThreshold } from '../libs/observability/dist/alerting/smart/nab/nab-sweep.js';

/** Runs a fresh detector over each series, in order, one value at a time; `score(detector, value, t)` → [0, 1]. */
export function scoreCorpus(corpus, create, score) {
  return corpus.map((series) => {
    const detector = create();
    const scores = new Float64Array(series.values.length);
    for (let i = 0; i < scores.length; i++) scores[i] = score(detector, series.values[i], series.timestamps[i]);
    return { family: series.family, rows: nabFileRows(series.name, series.timestamps, scores, series.windows) };
  });
}

/**
 * Per profile: the corpus-wide best threshold and normalised score, and each family's score at that threshold
 * (normalised by the family's own windows; a family without windows has no normalised score, only its raw FP cost).
 */
export function evaluate(scored) {
  const families = [...new Set(scored.map((s) => s.family))].sort();
  const all = scored.map((s) => s.rows);
  return NAB_PROFILES.map((profile) => {
    const result = sweepThreshold(all, profile);
    const perFamily = families.map((family) => {
      const files = scored.filter((s) => s.family === family).map((s) => s.rows);
      const raw = rawScoreAt(files, profile, result.threshold);
      const windows = files.reduce((n, f) => n + f.windowCount, 0);
      return { family, raw, windows, normalized: normalize(raw, windows, profile).normalized };
    });
    return { ...result, families: perFamily };
  });
}

import type { Node } from 'yaml';
import { SEASONALITIES, type AnomalyRuleSpec, type Seasonality } from './alert-rule.js';

/** The score an anomaly rule fires above when it sets no `sensitivity`: z ≈ 8 standard deviations. */
export const DEFAULT_SENSITIVITY = 0.8;
/** Warm-up of an anomaly rule without seasonality that sets no `warmup`. */
export const DEFAULT_WARMUP_MS = 3_600_000;
/** Fields only `type: anomaly` rules have. */
export const ANOMALY_KEYS = ['sensitivity', 'warmup', 'seasonality'] as const;
/** Fields an anomaly rule must not have: it learns its threshold. */
export const THRESHOLD_KEYS = ['threshold', 'operator'] as const;
/** Placeholders an anomaly rule's annotations may use besides `$labels.<name>`. */
export const ANOMALY_PLACEHOLDERS = ['$value', '$observed', '$expected'] as const;

/** The part of the rules reader the anomaly fields need. */
export interface FieldReader {
  value(key: string): unknown;
  node(key: string): Node | undefined;
  duration(key: string): number | undefined;
  issue(node: Node | null | undefined, field: string, problem: string): void;
}

/** Reads `sensitivity`, `warmup` and `seasonality` of a `type: anomaly` rule, reporting what is wrong with them. */
export function readAnomalyFields(reader: FieldReader): AnomalyRuleSpec {
  for (const key of THRESHOLD_KEYS) {
    if (reader.value(key) !== undefined) {
      reader.issue(
        reader.node(key),
        key,
        'not used by a type: anomaly rule, which learns its threshold per series; set sensitivity (a score in (0, 1)) instead',
      );
    }
  }
  const raw = reader.value('sensitivity') ?? DEFAULT_SENSITIVITY;
  const sensitivity = typeof raw === 'number' && raw > 0 && raw < 1 ? raw : DEFAULT_SENSITIVITY;
  if (sensitivity !== raw) {
    reader.issue(reader.node('sensitivity'), 'sensitivity', `got ${JSON.stringify(raw)}; expected a score between 0 and 1 such as 0.8`);
  }
  const season = reader.value('seasonality');
  let seasonality: Seasonality | undefined;
  if (season === 'daily' || season === 'weekly') seasonality = season;
  else if (season !== undefined && season !== null && season !== 'none') {
    reader.issue(reader.node('seasonality'), 'seasonality', `got ${JSON.stringify(season)}; expected daily, weekly or none`);
  }
  const warmupMs = reader.duration('warmup') ?? (seasonality !== undefined ? SEASONALITIES[seasonality] : DEFAULT_WARMUP_MS);
  return { sensitivity, warmupMs, ...(seasonality !== undefined ? { seasonality } : {}) };
}

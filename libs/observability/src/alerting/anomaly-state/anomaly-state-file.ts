import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedRule, SavedSeries } from '../smart/anomaly-baselines.js';
import { isDetectorSnapshot } from '../smart/detector-snapshot.js';

/** Bumped when the file's layout changes; a file of another format starts the baselines afresh. */
export const STATE_FILE_FORMAT = 1;
/** The most a saved series may take on average (a weekly profile is about 45 KB): larger files are refused unread. */
const BYTES_PER_SERIES = 64 * 1024;

/** What the anomaly state file holds. */
export interface AnomalyStateContent {
  readonly format: number;
  /** `service.version` of the app that wrote it; null when the app had none. */
  readonly serviceVersion: string | null;
  /** When it was written (unix ms). */
  readonly savedAt: number;
  readonly rules: readonly SavedRule[];
}

export type StateFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'unusable'; readonly reason: string }
  | { readonly kind: 'read'; readonly content: AnomalyStateContent };

/** Reads and checks the state file; never throws. Files beyond what `maxSeries` series can take are not read. */
export function readStateFile(path: string, maxSeries: number): StateFileRead {
  let text: string;
  try {
    const limit = (maxSeries + 1) * BYTES_PER_SERIES;
    const size = statSync(path).size;
    if (size > limit) return { kind: 'unusable', reason: `it is ${size} bytes, more than ${limit} (alerts.anomaly.max_series × 64 KiB)` };
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unusable', reason: code ?? (error as Error).message };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { kind: 'unusable', reason: `not JSON (${(error as Error).message})` };
  }
  const problem = contentProblem(parsed);
  return problem !== undefined ? { kind: 'unusable', reason: problem } : { kind: 'read', content: parsed as AnomalyStateContent };
}

/** Writes the state file atomically: a temporary file beside it, then a rename, so a crash never leaves half a file. */
export function writeStateFile(path: string, content: AnomalyStateContent): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(content));
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written, or the directory is gone: nothing to clean.
    }
    throw error;
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function seriesProblem(series: unknown): boolean {
  if (!isRecord(series) || !isRecord(series['labels'])) return true;
  if (!Object.values(series['labels']).every((v) => typeof v === 'string')) return true;
  const { firstSeen, lastSeen } = series as Partial<SavedSeries>;
  return !Number.isFinite(firstSeen) || !Number.isFinite(lastSeen) || !isDetectorSnapshot(series['detector']);
}

/** What is wrong with a parsed file, if anything. */
function contentProblem(x: unknown): string | undefined {
  if (!isRecord(x)) return 'not a JSON object';
  if (x['format'] !== STATE_FILE_FORMAT) return `format ${JSON.stringify(x['format'])}, expected ${STATE_FILE_FORMAT}`;
  if (x['serviceVersion'] !== null && typeof x['serviceVersion'] !== 'string') return 'serviceVersion is not a string';
  if (!Number.isFinite(x['savedAt'])) return 'savedAt is not a time';
  const rules = x['rules'];
  if (!Array.isArray(rules)) return 'rules is not a list';
  for (const [i, rule] of rules.entries()) {
    if (!isRecord(rule) || typeof rule['name'] !== 'string' || typeof rule['signature'] !== 'string' || !Array.isArray(rule['series'])) {
      return `rules[${i}] is not a saved rule`;
    }
    const bad = (rule['series'] as unknown[]).findIndex(seriesProblem);
    if (bad >= 0) return `rules[${i}].series[${bad}] is not a saved series`;
  }
  return undefined;
}

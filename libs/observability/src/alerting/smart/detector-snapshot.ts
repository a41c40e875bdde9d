import type { EwSnapshot } from './ew-stats.js';
import type { SeasonalSnapshot } from './seasonal-baseline.js';

/** The whole learnt state of an {@link AnomalyDetector}: what a restart needs to carry on scoring where it left off. */
export interface DetectorSnapshot {
  readonly seen: number;
  readonly firstMs: number;
  readonly levelError: number;
  readonly seasonalError: number;
  readonly peak: number;
  readonly tail: number;
  readonly level: EwSnapshot;
  /** Present once the detector has seen two samples with seasonality on. */
  readonly seasonal?: SeasonalSnapshot;
}

type Shape = Record<string, unknown>;

const isObject = (x: unknown): x is Shape => x !== null && typeof x === 'object' && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const allFinite = (o: Shape, keys: readonly string[]): boolean => keys.every((k) => finite(o[k]));

function isEw(x: unknown): x is EwSnapshot {
  return isObject(x) && allFinite(x, ['mean', 'variance', 'count']) && (x['variance'] as number) >= 0;
}

function isSeasonal(x: unknown): x is SeasonalSnapshot {
  if (!isObject(x) || !allFinite(x, ['intervalMs', 'startMs', 'level', 'levelCount']) || typeof x['settled'] !== 'boolean') return false;
  const { profile, filled } = x;
  return (
    Array.isArray(profile) &&
    Array.isArray(filled) &&
    profile.length > 0 &&
    profile.length === filled.length &&
    profile.every(finite) &&
    filled.every((f) => f === 0 || f === 1) &&
    isEw(x['residuals'])
  );
}

/** Whether `x` (read from a file) is a detector snapshot every number of which is finite. */
export function isDetectorSnapshot(x: unknown): x is DetectorSnapshot {
  return (
    isObject(x) &&
    allFinite(x, ['seen', 'firstMs', 'levelError', 'seasonalError', 'peak', 'tail']) &&
    isEw(x['level']) &&
    (x['seasonal'] === undefined || isSeasonal(x['seasonal']))
  );
}

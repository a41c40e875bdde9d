/** A duration as written in configuration: `"500ms"`, `"1s"`, `"15s"`, `"1m"`, `"2h"`, `"15d"`, or milliseconds. */
export type Duration = `${number}${DurationUnit}` | number;
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w';

/** Milliseconds, after validation. The brand keeps raw numbers from being mistaken for validated durations. */
export type DurationMs = number & { readonly __unit: 'ms' };

const UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Parses a duration; returns `undefined` for anything that is not one (never throws). */
export function parseDuration(value: unknown): DurationMs | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? (value as DurationMs) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const match = DURATION_RE.exec(value.trim());
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, DurationUnit];
  return (Number(amount) * UNIT_MS[unit]) as DurationMs;
}

/** Formats milliseconds the way configuration writes them (`1500` → `"1.5s"`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const n = ms / UNIT_MS[unit];
    if (n >= 1 && Number.isInteger(n * 1000)) return `${Number(n.toFixed(3))}${unit}`;
  }
  return `${ms}ms`;
}

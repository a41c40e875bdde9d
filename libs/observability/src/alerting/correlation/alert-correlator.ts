import type { Alert, CorrelationReason } from '../interfaces/alert.interface.js';
import { startsAt } from '../notifiers/grouping.js';
import type { CompiledMatcher } from '../silences/silence-matcher.js';
import { seriesCorrelation } from './pearson.js';

export interface CorrelationOptions {
  /** Alerts that start firing at most this far apart may be correlated. */
  readonly windowMs: number;
  /** Two alerts with the same non-empty value of any of these labels are correlated. */
  readonly labels: readonly string[];
  /** Two alerts whose series have |Pearson r| at least this are correlated (0…1; 1 turns series correlation off). */
  readonly minCorrelation: number;
  /** Shared evaluations needed before series are compared. */
  readonly minPoints: number;
  /** An alert matching any of these is taken as the cause before the one that moved first. */
  readonly upstream: readonly CompiledMatcher[];
}

/** Share of an alert's largest move away from the start of its trend that counts as "it moved". */
const ONSET_SHARE = 0.25;

/**
 * Decides whether two alerts belong to one incident — they started firing within the window and share a label
 * value (service, endpoint, provider, …) or their series moved together (Pearson's r on the trends the evaluator
 * already keeps) — and which alert of an incident is its likely cause.
 */
export class AlertCorrelator {
  constructor(readonly options: CorrelationOptions) {}

  relate(a: Alert, b: Alert): Exclude<CorrelationReason, { by: 'group' }> | undefined {
    if (Math.abs(startsAt(a).getTime() - startsAt(b).getTime()) > this.options.windowMs) return undefined;
    const shared: Record<string, string> = {};
    for (const name of this.options.labels) {
      const value = a.labels[name];
      if (value && value === b.labels[name]) shared[name] = value;
    }
    if (Object.keys(shared).length > 0) return { by: 'labels', labels: shared };
    if (this.options.minCorrelation >= 1) return undefined;
    const r = seriesCorrelation(a, b, this.options.minPoints);
    return r !== undefined && Math.abs(r) >= this.options.minCorrelation ? { by: 'series', r: Math.round(r * 1000) / 1000 } : undefined;
  }

  /**
   * The likely cause among correlated alerts: an upstream one (by the configured matchers), else the one whose
   * series moved first, else the one that crossed its threshold first; ties go to the alert with fewer labels
   * (the broader scope: a provider rather than one of its routes), then to the fingerprint, so the choice is stable.
   */
  cause(alerts: readonly Alert[]): Alert | undefined {
    const ranked = alerts.map((alert) => ({
      alert,
      upstream: this.options.upstream.some((m) => m.matches(alert.labels)) ? 0 : 1,
      onset: onset(alert),
      active: alert.activeAt.getTime(),
      scope: Object.keys(alert.labels).length,
    }));
    ranked.sort(
      (x, y) =>
        x.upstream - y.upstream ||
        x.onset - y.onset ||
        x.active - y.active ||
        x.scope - y.scope ||
        (x.alert.fingerprint < y.alert.fingerprint ? -1 : x.alert.fingerprint > y.alert.fingerprint ? 1 : 0),
    );
    return ranked[0]?.alert;
  }
}

/**
 * When the alert's series started to move: the first point of its trend that is a quarter of its largest move
 * away from where the trend starts. A series crosses its threshold no earlier than it moves, so never after
 * `activeAt` (which also covers a trend that starts after the move).
 */
export function onset(alert: Alert): number {
  const active = alert.activeAt.getTime();
  const points = alert.evidence.trend.filter(([, v]) => Number.isFinite(v));
  const base = points[0]?.[1];
  if (base === undefined) return active;
  let largest = 0;
  for (const [, v] of points) largest = Math.max(largest, Math.abs(v - base));
  if (largest === 0) return active;
  const moved = points.find(([, v]) => Math.abs(v - base) >= ONSET_SHARE * largest);
  return Math.min(active, moved?.[0] ?? active);
}

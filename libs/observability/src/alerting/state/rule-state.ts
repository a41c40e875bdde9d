import type { Alert, AlertState } from '../interfaces/alert.interface.js';
import { labelsKey, type Labels } from '../promql/labels.js';
import type { Sample } from '../promql/values.js';
import type { AlertRule } from '../rules/alert-rule.js';
import { expandTemplate } from '../rules/rule-template.js';
import { holds } from './threshold.js';
import { alertLabels, fingerprint } from './alert-identity.js';

interface Entry {
  readonly fingerprint: string;
  /** The condition's label set's key (its trend line's). */
  readonly key: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The condition's labels (what `{{ $labels.x }}` reads and exemplars are matched on). */
  readonly series: Labels;
  state: Exclude<AlertState, 'inactive'>;
  activeAt: number;
  firedAt?: number;
  keepFiringSince?: number;
  value: number;
  traceIds: readonly string[];
}

/** What is derived from one label set of the condition, kept while the condition keeps returning that label set. */
interface SeriesIdentity {
  readonly key: string;
  alert?: { readonly labels: Readonly<Record<string, string>>; readonly fingerprint: string };
  /** Its trend line (a line is kept while its series keeps being seen, so this one is never stale). */
  line?: TrendLine;
}

interface TrendLine {
  points: Array<readonly [number, number]>;
  lastSeen: number;
}

/** What one evaluation changed: alerts firing now, and those that resolved at this evaluation. */
export interface RuleUpdate {
  readonly firing: readonly Alert[];
  readonly resolved: readonly Alert[];
}

/**
 * Prometheus's alerting-rule state machine for one rule, per label set: a series that satisfies the threshold
 * becomes pending, fires once it has held for `for`, and resolves at the first evaluation where it no longer
 * holds — or, with `keep_firing_for`, once it has not held for that long. The condition's recent values are kept
 * per series as the trend a notification shows.
 */
export class RuleState {
  private readonly entries = new Map<string, Entry>();
  private readonly trends = new Map<string, TrendLine>();
  /**
   * By label set object: the condition returns the same objects while its series stay the same, so keys, alert
   * labels and fingerprints are computed once per series, not at every evaluation.
   */
  private identities = new Map<Labels, SeriesIdentity>();

  constructor(
    readonly rule: AlertRule,
    /** How much of the condition's history the trend covers. */
    private readonly windowMs: number,
  ) {}

  /** Runs the state machine on the condition's value at `now` (every series, before the threshold). */
  update(condition: readonly Sample[], now: number, traceIds: (series: Labels) => readonly string[]): RuleUpdate {
    const identities = this.identify(condition);
    this.recordTrend(condition, identities, now);
    const present = new Set<string>();
    for (let i = 0; i < condition.length; i++) {
      const sample = condition[i]!;
      if (!holds(sample.value, this.rule.operator, this.rule.threshold)) continue;
      const identity = identities[i]!;
      identity.alert ??= this.alertIdentity(sample.labels);
      const { labels, fingerprint: fp } = identity.alert;
      present.add(fp);
      const entry = this.entries.get(fp);
      if (entry) {
        entry.value = sample.value;
        entry.keepFiringSince = undefined;
      } else {
        this.entries.set(fp, {
          fingerprint: fp,
          key: identity.key,
          labels,
          series: sample.labels,
          state: 'pending',
          activeAt: now,
          value: sample.value,
          traceIds: [],
        });
      }
    }
    const resolved: Alert[] = [];
    for (const [fp, entry] of this.entries) {
      if (!present.has(fp)) {
        if (entry.state === 'firing' && this.rule.keepFiringForMs > 0) {
          entry.keepFiringSince ??= now;
          if (now - entry.keepFiringSince < this.rule.keepFiringForMs) continue;
        }
        this.entries.delete(fp);
        if (entry.state === 'firing') resolved.push(this.toAlert(entry, 'inactive', now));
        continue;
      }
      if (entry.state === 'pending' && now - entry.activeAt >= this.rule.forMs) {
        entry.state = 'firing';
        entry.firedAt = now;
      }
      entry.traceIds = traceIds(entry.series);
    }
    const firing: Alert[] = [];
    for (const entry of this.entries.values()) if (entry.state === 'firing') firing.push(this.toAlert(entry, 'firing'));
    return { firing, resolved };
  }

  /** Alerts pending or firing after the last evaluation. */
  alerts(): Alert[] {
    return [...this.entries.values()].map((entry) => this.toAlert(entry, entry.state));
  }

  private toAlert(entry: Entry, state: AlertState, now?: number): Alert {
    const annotations: Record<string, string> = {};
    for (const [name, template] of Object.entries(this.rule.annotations))
      annotations[name] = expandTemplate(template, entry.value, entry.series);
    return {
      fingerprint: entry.fingerprint,
      labels: entry.labels,
      annotations,
      state,
      activeAt: new Date(entry.activeAt),
      ...(entry.firedAt !== undefined ? { firedAt: new Date(entry.firedAt) } : {}),
      ...(state === 'inactive' && now !== undefined ? { resolvedAt: new Date(now) } : {}),
      evidence: {
        value: entry.value,
        threshold: this.rule.threshold,
        operator: this.rule.operator,
        trend: this.trends.get(entry.key)?.points.slice() ?? [],
        traceIds: entry.traceIds,
      },
    };
  }

  /** The identity of each sample's label set, reusing those of the last evaluation; forgets the ones gone. */
  private identify(condition: readonly Sample[]): SeriesIdentity[] {
    const next = new Map<Labels, SeriesIdentity>();
    const out = new Array<SeriesIdentity>(condition.length);
    for (let i = 0; i < condition.length; i++) {
      const labels = condition[i]!.labels;
      let identity = this.identities.get(labels) ?? next.get(labels);
      if (!identity) identity = { key: labelsKey(labels) };
      next.set(labels, identity);
      out[i] = identity;
    }
    this.identities = next;
    return out;
  }

  private alertIdentity(series: Labels): NonNullable<SeriesIdentity['alert']> {
    const labels = alertLabels(this.rule, series);
    return { labels, fingerprint: fingerprint(labels) };
  }

  private recordTrend(condition: readonly Sample[], identities: readonly SeriesIdentity[], now: number): void {
    const from = now - this.windowMs;
    for (let i = 0; i < condition.length; i++) {
      const identity = identities[i]!;
      let line = identity.line;
      if (!line) {
        line = this.trends.get(identity.key);
        if (!line) this.trends.set(identity.key, (line = { points: [], lastSeen: now }));
        identity.line = line;
      }
      line.points.push([now, condition[i]!.value]);
      line.lastSeen = now;
    }
    for (const [key, line] of this.trends) {
      while (line.points.length > 0 && line.points[0]![0] < from) line.points.shift();
      if (line.lastSeen < from) this.trends.delete(key);
    }
  }
}

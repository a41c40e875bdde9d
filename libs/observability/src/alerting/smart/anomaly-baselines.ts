import { labelsKey, type Labels } from '../promql/labels.js';
import { SEASONALITIES, type AlertRule, type AnomalyRuleSpec } from '../rules/alert-rule.js';
import { AnomalyDetector, type AnomalyPoint } from './anomaly-detector.js';
import type { AnomalyDetectorOptions } from './anomaly-detector.options.js';
import type { DetectorSnapshot } from './detector-snapshot.js';
import { TrendRing } from './trend-ring.js';

/** Evaluations a series needs before its score can fire, whatever `warmup` says: below it the statistics are noise. */
export const MIN_WARMUP_SAMPLES = 30;
/** A series unseen for this long (or two periods, if longer) is forgotten. */
const IDLE_FORGET_MS = 86_400_000;
/** How often a rule's series are checked for idleness. */
const SWEEP_EVERY_MS = 3_600_000;
/** Slots of a weekly profile: five-minute slots, as the daily profile's 288. */
const WEEKLY_SLOTS = 2016;

/** The detector options of an anomaly rule: alerting needs a lasting excursion to keep its score, so no repeat factor. */
export function ruleDetectorOptions(spec: AnomalyRuleSpec): AnomalyDetectorOptions {
  return {
    warmupSamples: MIN_WARMUP_SAMPLES,
    repeatFactor: 1,
    ...(spec.seasonality !== undefined
      ? { seasonality: { periodMs: SEASONALITIES[spec.seasonality], maxSlots: spec.seasonality === 'weekly' ? WEEKLY_SLOTS : 288 } }
      : {}),
  };
}

/** What a saved baseline must match to be reused: the same condition read with the same seasonality. */
export function ruleSignature(rule: AlertRule): string {
  return `${rule.condition.trim()}\n${rule.anomaly?.seasonality ?? 'none'}`;
}

/** One series of one anomaly rule: its detector, since when it is known, and its recent observed values. */
export class SeriesBaseline {
  /** When the last observation was made (NaN before the first). */
  lastAt = Number.NaN;
  lastObserved = Number.NaN;
  lastScore = 0;
  /** What the detector made of the last observation. */
  lastPoint?: AnomalyPoint;
  /** Observed values over the rule's window. */
  readonly trend = new TrendRing();

  constructor(
    readonly labels: Labels,
    readonly detector: AnomalyDetector,
    readonly firstSeen: number,
    public lastSeen: number,
  ) {}

  /** Scores the value observed at `now` (held at 0 until `warmupMs` after the first sample), then learns it. */
  observe(observed: number, now: number, warmupMs: number, windowMs: number): number {
    if (this.lastAt === now) return this.lastScore;
    const point = this.detector.update(observed, now);
    const score = point.warm && now - this.firstSeen >= warmupMs ? point.score : 0;
    this.lastAt = now;
    this.lastObserved = observed;
    this.lastPoint = point;
    this.lastScore = score;
    this.lastSeen = now;
    this.trend.push(now, observed, now - windowMs);
    return score;
  }
}

/** A saved series, as the state file holds it. */
export interface SavedSeries {
  readonly labels: Labels;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly detector: DetectorSnapshot;
}

/** A saved rule's series, with the signature they were learnt under. */
export interface SavedRule {
  readonly name: string;
  readonly signature: string;
  readonly series: readonly SavedSeries[];
}

interface RuleSeries {
  readonly rule: AlertRule;
  readonly byKey: Map<string, SeriesBaseline>;
  full: boolean;
  sweptAt: number;
}

/** What {@link AnomalyBaselines.restore} took over. */
export interface RestoreOutcome {
  readonly series: number;
  /** Saved rules whose condition or seasonality changed (or that are gone): their baselines start afresh. */
  readonly dropped: readonly string[];
}

/**
 * The learnt baselines of an app's anomaly rules, per series, bounded by `maxSeries` in all. A series unseen for a
 * day (or two periods) is forgotten.
 */
export class AnomalyBaselines {
  private readonly rules = new Map<string, RuleSeries>();
  private count = 0;

  constructor(
    rules: readonly AlertRule[],
    readonly maxSeries: number,
    /** Told once per rule when a new series cannot be tracked because `maxSeries` are. */
    private readonly onFull: (rule: string, maxSeries: number) => void = () => undefined,
  ) {
    for (const rule of rules) if (rule.anomaly) this.rules.set(rule.name, { rule, byKey: new Map(), full: false, sweptAt: -Infinity });
  }

  /** Whether any rule is a `type: anomaly` rule (else there is nothing to keep). */
  get tracksRules(): boolean {
    return this.rules.size > 0;
  }

  /** Series tracked, all rules together. */
  get size(): number {
    return this.count;
  }

  /** The baseline of `labels` (whose {@link labelsKey} is `key`) under `rule`, created at first sight. */
  series(rule: AlertRule, key: string, labels: Labels, now: number): SeriesBaseline | undefined {
    const entry = this.ruleSeries(rule);
    const existing = entry.byKey.get(key);
    if (existing) return existing;
    if (this.count >= this.maxSeries) {
      if (!entry.full) this.onFull(rule.name, this.maxSeries);
      entry.full = true;
      return undefined;
    }
    const created = new SeriesBaseline(labels, new AnomalyDetector(ruleDetectorOptions(rule.anomaly!)), now, now);
    entry.byKey.set(key, created);
    this.count++;
    return created;
  }

  /** The tracked baseline of `key` under the rule named `rule`, if any. */
  get(rule: string, key: string): SeriesBaseline | undefined {
    return this.rules.get(rule)?.byKey.get(key);
  }

  /** Forgets the series of `rule` not seen for a day (or two periods): their label sets went away. */
  forgetIdle(rule: AlertRule, now: number): void {
    const entry = this.rules.get(rule.name);
    if (!entry || now - entry.sweptAt < SWEEP_EVERY_MS) return;
    entry.sweptAt = now;
    const idle = idleMs(rule);
    for (const [key, series] of entry.byKey) {
      if (now - series.lastSeen > idle) {
        entry.byKey.delete(key);
        this.count--;
        entry.full = false;
      }
    }
  }

  /** Every rule's series, as the state file saves them. */
  snapshot(): SavedRule[] {
    return [...this.rules.values()].map((entry) => ({
      name: entry.rule.name,
      signature: ruleSignature(entry.rule),
      series: [...entry.byKey.values()].map((s) => ({
        labels: s.labels,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        detector: s.detector.snapshot(),
      })),
    }));
  }

  /**
   * Takes over saved baselines, before the first evaluation: those of rules with the same name, condition and
   * seasonality, at most `maxSeries` (the most recently seen first). Throws if a saved detector does not fit its
   * rule (a corrupt file): the caller then starts afresh.
   */
  restore(saved: readonly SavedRule[], now: number): RestoreOutcome {
    const dropped: string[] = [];
    const kept: Array<{ entry: RuleSeries; series: SavedSeries }> = [];
    for (const rule of saved) {
      const entry = this.rules.get(rule.name);
      if (!entry || rule.signature !== ruleSignature(entry.rule)) {
        dropped.push(rule.name);
        continue;
      }
      for (const series of rule.series) if (now - series.lastSeen <= idleMs(entry.rule)) kept.push({ entry, series });
    }
    kept.sort((a, b) => b.series.lastSeen - a.series.lastSeen);
    const restored = kept.slice(0, this.maxSeries).map(({ entry, series }) => {
      const detector = AnomalyDetector.restore(ruleDetectorOptions(entry.rule.anomaly!), series.detector);
      return {
        entry,
        key: labelsKey(series.labels),
        baseline: new SeriesBaseline(series.labels, detector, series.firstSeen, series.lastSeen),
      };
    });
    for (const entry of this.rules.values()) entry.byKey.clear();
    for (const { entry, key, baseline } of restored) entry.byKey.set(key, baseline);
    this.count = restored.length;
    return { series: restored.length, dropped };
  }

  private ruleSeries(rule: AlertRule): RuleSeries {
    let entry = this.rules.get(rule.name);
    if (!entry) this.rules.set(rule.name, (entry = { rule, byKey: new Map(), full: false, sweptAt: -Infinity }));
    return entry;
  }
}

function idleMs(rule: AlertRule): number {
  const seasonality = rule.anomaly?.seasonality;
  return Math.max(IDLE_FORGET_MS, seasonality !== undefined ? 2 * SEASONALITIES[seasonality] : 0);
}

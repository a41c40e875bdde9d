import { OVERFLOW_LABEL_VALUE } from '../metrics.constants.js';
import { isCleanLabelValue, sanitizeLabelValue } from './label-values.js';

export type Labels = Record<string, string | number>;

/** What the budget decided for one label set. */
export interface Admission {
  /** The labels to record under: sanitised, or every value replaced by `__overflow__`. */
  readonly labels: Labels;
  readonly overflowed: boolean;
}

/**
 * The series budget of one metric, as OpenTelemetry's cardinality limit does it: the first `limit` distinct label
 * sets are recorded as they are; every later new one is recorded in a single overflow series whose label values
 * are all `__overflow__`, and `onOverflow` counts it. Memory is bounded by `limit` keys.
 */
export class SeriesBudget {
  private readonly admitted = new Set<string>();
  private readonly overflowLabels: Labels;

  constructor(
    readonly metric: string,
    private readonly labelNames: readonly string[],
    readonly limit: number,
    private readonly maxValueLength: number,
    private readonly onOverflow: (metric: string) => void,
  ) {
    this.overflowLabels = Object.fromEntries(labelNames.map((n) => [n, OVERFLOW_LABEL_VALUE]));
  }

  get size(): number {
    return this.admitted.size;
  }

  /** `count: false` decides without counting (a child bound now, whose recordings count one by one). */
  admit(labels: Labels, count = true): Admission {
    const clean = this.sanitize(labels);
    const key = this.keyOf(clean);
    if (this.admitted.has(key)) return { labels: clean, overflowed: false };
    if (this.admitted.size < this.limit) {
      this.admitted.add(key);
      return { labels: clean, overflowed: false };
    }
    if (count) this.countOverflow();
    return { labels: this.overflowLabels, overflowed: true };
  }

  /** Counts one recording that went to the overflow series. */
  countOverflow(): void {
    try {
      this.onOverflow(this.metric);
    } catch {
      // Counting the overflow must not fail the recording it is about.
    }
  }

  /** Forgets a series (its metric removed it), freeing its place in the budget. */
  release(labels: Labels): void {
    this.admitted.delete(this.keyOf(this.sanitize(labels)));
  }

  clear(): void {
    this.admitted.clear();
  }

  private sanitize(labels: Labels): Labels {
    let out: Labels | undefined;
    for (const name of this.labelNames) {
      const value = labels[name];
      if (value === undefined || typeof value === 'number' || isCleanLabelValue(value, this.maxValueLength)) continue;
      (out ??= { ...labels })[name] = sanitizeLabelValue(value, this.maxValueLength);
    }
    return out ?? labels;
  }

  private keyOf(labels: Labels): string {
    let key = '';
    for (const name of this.labelNames) key += `${labels[name] ?? ''}\u0000`;
    return key;
  }
}

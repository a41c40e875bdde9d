import { withoutName, type Labels } from '../promql/labels.js';
import type { RangeWindow, StoredSeries } from '../promql/values.js';

/** A trace id seen on a sample of this series (an exemplar), with the observed value and when it was recorded. */
export interface StoredExemplar {
  readonly traceId: string;
  readonly value: number;
  readonly time: number;
}

const MAX_EXEMPLARS = 8;

/**
 * The recent samples of one series in a fixed-size ring (oldest overwritten first), plus its latest exemplars.
 * Each sample is written twice, at its slot and one capacity further, so the samples from the oldest onwards
 * always lie contiguous in `[head, head + size)`: a range is found by binary search and read in place.
 */
export class SeriesBuffer implements StoredSeries {
  private readonly capacity: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  /** 1 where the sample is a staleness marker: the series was absent from that scrape. */
  private readonly stale: Uint8Array;
  /** Staleness markers in the ring: while there are none, ranges are read without looking for them. */
  private staleCount = 0;
  private head = 0;
  private size = 0;
  readonly exemplars: StoredExemplar[] = [];
  /** The labels without `__name__`, which every function result carries: built once per series, not per evaluation. */
  readonly unnamedLabels: Labels;
  /** The last scrape (the store's count) that carried this series: the store's staleness pass reads it. */
  seenIn = 0;

  constructor(
    readonly labels: Labels,
    capacity: number,
  ) {
    this.unnamedLabels = withoutName(labels);
    this.capacity = capacity;
    this.times = new Float64Array(2 * capacity);
    this.values = new Float64Array(2 * capacity);
    this.stale = new Uint8Array(2 * capacity);
  }

  /** Time of the newest sample that is not a staleness marker, or -Infinity. */
  get lastLive(): number {
    for (let i = this.head + this.size - 1; i >= this.head; i--) if (!this.stale[i]) return this.times[i]!;
    return -Infinity;
  }

  get endsStale(): boolean {
    return this.size > 0 && this.stale[this.head + this.size - 1] === 1;
  }

  push(time: number, value: number, stale = false): void {
    // Out-of-order samples would break every range function; Prometheus rejects them too.
    if (this.size > 0 && time <= this.times[this.head + this.size - 1]!) return;
    let slot: number;
    if (this.size < this.capacity) slot = (this.head + this.size++) % this.capacity;
    else {
      slot = this.head;
      if (this.stale[slot]) this.staleCount--;
      this.head = (this.head + 1) % this.capacity;
    }
    const flag = stale ? 1 : 0;
    this.staleCount += flag;
    const mirror = slot + this.capacity;
    this.times[slot] = this.times[mirror] = time;
    this.values[slot] = this.values[mirror] = value;
    this.stale[slot] = this.stale[mirror] = flag;
  }

  addExemplar(exemplar: StoredExemplar): void {
    if (this.exemplars.some((e) => e.traceId === exemplar.traceId)) return;
    this.exemplars.push(exemplar);
    if (this.exemplars.length > MAX_EXEMPLARS) this.exemplars.shift();
  }

  /**
   * Points the non-stale points in `(from, to]` out to: the ring itself where no staleness marker lies among them
   * (the usual case), else `out`'s scratch arrays, where they are copied without the markers. Allocates nothing
   * but a larger scratch. Valid until the next push.
   */
  window(from: number, to: number, out: RangeWindow): void {
    const { times } = this;
    let last = this.head + this.size - 1;
    while (last >= this.head && times[last]! > to) last--;
    let first = this.head;
    let end = last + 1;
    while (first < end) {
      const mid = (first + end) >>> 1;
      if (times[mid]! <= from) first = mid + 1;
      else end = mid;
    }
    out.times = times;
    out.values = this.values;
    out.start = first;
    out.count = Math.max(0, last - first + 1);
    if (this.staleCount === 0) return;
    let stale = false;
    for (let i = first; i <= last && !stale; i++) stale = this.stale[i] === 1;
    if (stale) this.copyLive(first, last, out);
  }

  /** The non-stale points in `(from, to]`, oldest first, as arrays of their own. */
  range(from: number, to: number): { times: ArrayLike<number>; values: ArrayLike<number> } {
    const w: RangeWindow = {
      times: this.times,
      values: this.values,
      start: 0,
      count: 0,
      scratchTimes: undefined,
      scratchValues: undefined,
    };
    this.window(from, to, w);
    return { times: w.times.slice(w.start, w.start + w.count), values: w.values.slice(w.start, w.start + w.count) };
  }

  /** The latest point in `(from, to]`, unless it is a staleness marker. */
  latest(from: number, to: number): number | undefined {
    let last = this.head + this.size - 1;
    while (last >= this.head && this.times[last]! > to) last--;
    if (last < this.head || this.times[last]! <= from || this.stale[last]) return undefined;
    return this.values[last];
  }

  private copyLive(first: number, last: number, out: RangeWindow): void {
    if (!out.scratchTimes || out.scratchTimes.length < this.capacity) {
      out.scratchTimes = new Float64Array(this.capacity);
      out.scratchValues = new Float64Array(this.capacity);
    }
    const times = out.scratchTimes;
    const values = out.scratchValues!;
    let n = 0;
    for (let i = first; i <= last; i++) {
      if (this.stale[i]) continue;
      times[n] = this.times[i]!;
      values[n++] = this.values[i]!;
    }
    out.times = times;
    out.values = values;
    out.start = 0;
    out.count = n;
  }
}

import { withoutName, type Labels } from '../promql/labels.js';
import { SeriesBlock } from './series-block.js';
import { emptyWindow, type RangeWindow, type StoredSeries } from '../promql/values.js';

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
 * always lie contiguous in `[head, head + size)`: a range is found by binary search and read in place. The
 * points live in a column of a {@link SeriesBlock} shared with other series (a block of its own by default).
 */
export class SeriesBuffer implements StoredSeries {
  private readonly capacity: number;
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  /** 1 where the sample is a staleness marker: the series was absent from that scrape. */
  private readonly stale: Uint8Array;
  /**
   * How many times the value has decreased from one sample to the next, counted since the series was created,
   * at each sample (modulo 2^32): two equal counts bound a stretch without counter resets, whose increase is its
   * last value minus its first (what `rate` needs, without reading the samples between).
   */
  private readonly decreases: Uint32Array;
  /** Ring index `i` is at `i * stride + column` of the block's arrays. */
  private readonly stride: number;
  /** Staleness markers in the ring: while there are none, ranges are read without looking for them. */
  private staleCount = 0;
  private head = 0;
  private size = 0;
  readonly exemplars: StoredExemplar[] = [];
  /** The labels without `__name__`, which every function result carries: built once per series, not per evaluation. */
  readonly unnamedLabels: Labels;
  /** The last scrape (the store's count) that carried this series: the store's staleness pass reads it. */
  seenIn = 0;
  /** Set when the store drops the series (its column may then hold another series). */
  dropped = false;
  /** How many labels the series has (`__name__` included). */
  readonly labelCount: number;

  constructor(
    readonly labels: Labels,
    /** Samples kept; a `block` given brings its own. */
    capacity: number,
    readonly block = new SeriesBlock(1, capacity),
    readonly column = 0,
  ) {
    this.unnamedLabels = withoutName(labels);
    this.labelCount = Object.keys(labels).length;
    this.capacity = block.capacity;
    this.times = block.times;
    this.values = block.values;
    this.stale = block.stale;
    this.decreases = block.decreases;
    this.stride = block.columns;
  }

  /** Time of the newest sample that is not a staleness marker, or -Infinity. */
  get lastLive(): number {
    for (let i = this.head + this.size - 1; i >= this.head; i--) if (!this.stale[this.at(i)]) return this.times[this.at(i)]!;
    return -Infinity;
  }

  get endsStale(): boolean {
    return this.size > 0 && this.stale[this.at(this.head + this.size - 1)] === 1;
  }

  push(time: number, value: number, stale = false): void {
    // Out-of-order samples would break every range function; Prometheus rejects them too.
    const newest = this.at(this.head + this.size - 1);
    if (this.size > 0 && time <= this.times[newest]!) return;
    const decreases = this.size > 0 ? (this.decreases[newest]! + (value < this.values[newest]! ? 1 : 0)) >>> 0 : 0;
    let slot: number;
    if (this.size < this.capacity) slot = (this.head + this.size++) % this.capacity;
    else {
      slot = this.head;
      if (this.stale[this.at(slot)]) this.staleCount--;
      this.head = (this.head + 1) % this.capacity;
    }
    const flag = stale ? 1 : 0;
    this.staleCount += flag;
    const at = this.at(slot);
    const mirror = this.at(slot + this.capacity);
    this.times[at] = this.times[mirror] = time;
    this.values[at] = this.values[mirror] = value;
    this.stale[at] = this.stale[mirror] = flag;
    this.decreases[at] = this.decreases[mirror] = decreases;
  }

  addExemplar(exemplar: StoredExemplar): void {
    if (this.exemplars.some((e) => e.traceId === exemplar.traceId)) return;
    this.exemplars.push(exemplar);
    if (this.exemplars.length > MAX_EXEMPLARS) this.exemplars.shift();
  }

  /**
   * Points `out` at the non-stale points in `(from, to]`: the ring itself where no staleness marker lies among them
   * (the usual case), else `out`'s scratch arrays, where they are copied without the markers. The bounds found
   * for the previous series are tried first: series scraped together hold their samples at the same indices.
   * Allocates nothing but a larger scratch. Valid until the next push.
   */
  window(from: number, to: number, out: RangeWindow): void {
    const { times, head, stride: s, column: c } = this;
    const newest = head + this.size - 1;
    let last = out.start + out.count - 1;
    if (!(
      last >= head - 1 &&
      last <= newest &&
      (last === newest || times[(last + 1) * s + c]! > to) &&
      (last < head || times[last * s + c]! <= to)
    )) {
      last = newest;
      while (last >= head && times[last * s + c]! > to) last--;
    }
    let first = out.start;
    if (!(
      first >= head &&
      first <= last + 1 &&
      (first === head || times[(first - 1) * s + c]! <= from) &&
      (first > last || times[first * s + c]! > from)
    )) {
      first = head;
      let end = last + 1;
      while (first < end) {
        const mid = (first + end) >>> 1;
        if (times[mid * s + c]! <= from) first = mid + 1;
        else end = mid;
      }
    }
    out.times = times;
    out.values = this.values;
    out.decreases = this.decreases;
    out.stride = s;
    out.column = c;
    out.start = first;
    out.count = last - first + 1;
    if (this.staleCount === 0) return;
    let stale = false;
    for (let i = first; i <= last && !stale; i++) stale = this.stale[i * s + c] === 1;
    if (stale) this.copyLive(first, last, out);
  }

  /** The non-stale points in `(from, to]`, oldest first, as arrays of their own. */
  range(from: number, to: number): { times: ArrayLike<number>; values: ArrayLike<number> } {
    const w = emptyWindow();
    this.window(from, to, w);
    const times: number[] = [];
    const values: number[] = [];
    for (let i = w.start; i < w.start + w.count; i++) {
      times.push(w.times[i * w.stride + w.column]!);
      values.push(w.values[i * w.stride + w.column]!);
    }
    return { times, values };
  }

  /** The latest point in `(from, to]`, unless it is a staleness marker. */
  latest(from: number, to: number): number | undefined {
    let last = this.head + this.size - 1;
    while (last >= this.head && this.times[this.at(last)]! > to) last--;
    if (last < this.head || this.times[this.at(last)]! <= from || this.stale[this.at(last)]) return undefined;
    return this.values[this.at(last)];
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
      const at = this.at(i);
      if (this.stale[at]) continue;
      times[n] = this.times[at]!;
      values[n++] = this.values[at]!;
    }
    // These indices are the scratch's: the next series will search its bounds.
    out.times = times;
    out.values = values;
    out.decreases = undefined;
    out.stride = 1;
    out.column = 0;
    out.start = 0;
    out.count = n;
  }

  /** Where ring index `i` is in the block's arrays. */
  private at(i: number): number {
    return i * this.stride + this.column;
  }
}

import type { Labels } from '../promql/labels.js';

/** A trace id seen on a sample of this series (an exemplar), with the observed value and when it was recorded. */
export interface StoredExemplar {
  readonly traceId: string;
  readonly value: number;
  readonly time: number;
}

const MAX_EXEMPLARS = 8;
const EMPTY = new Float64Array(0);

/** The recent samples of one series in a fixed-size ring (oldest overwritten first), plus its latest exemplars. */
export class SeriesBuffer {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  /** 1 where the sample is a staleness marker: the series was absent from that scrape. */
  private readonly stale: Uint8Array;
  private head = 0;
  private size = 0;
  readonly exemplars: StoredExemplar[] = [];

  constructor(
    readonly labels: Labels,
    capacity: number,
  ) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.stale = new Uint8Array(capacity);
  }

  /** Time of the newest sample that is not a staleness marker, or -Infinity. */
  get lastLive(): number {
    for (let i = this.size - 1; i >= 0; i--) {
      const idx = (this.head + i) % this.times.length;
      if (!this.stale[idx]) return this.times[idx]!;
    }
    return -Infinity;
  }

  get endsStale(): boolean {
    return this.size > 0 && this.stale[(this.head + this.size - 1) % this.times.length] === 1;
  }

  push(time: number, value: number, stale = false): void {
    const capacity = this.times.length;
    // Out-of-order samples would break every range function; Prometheus rejects them too.
    if (this.size > 0 && time <= this.times[(this.head + this.size - 1) % capacity]!) return;
    const idx = (this.head + this.size) % capacity;
    this.times[idx] = time;
    this.values[idx] = value;
    this.stale[idx] = stale ? 1 : 0;
    if (this.size < capacity) this.size++;
    else this.head = (this.head + 1) % capacity;
  }

  addExemplar(exemplar: StoredExemplar): void {
    if (this.exemplars.some((e) => e.traceId === exemplar.traceId)) return;
    this.exemplars.push(exemplar);
    if (this.exemplars.length > MAX_EXEMPLARS) this.exemplars.shift();
  }

  /**
   * Live points in `(from, to]`, oldest first. Where the window is contiguous in the ring and holds no staleness
   * marker (the usual case) the result views the ring without copying; it is valid until the next push.
   */
  range(from: number, to: number): { times: ArrayLike<number>; values: ArrayLike<number> } {
    const capacity = this.times.length;
    let first = this.size;
    let last = -1;
    let stale = false;
    for (let i = this.size - 1; i >= 0; i--) {
      const idx = (this.head + i) % capacity;
      const t = this.times[idx]!;
      if (t > to) continue;
      if (t <= from) break;
      if (last === -1) last = i;
      first = i;
      if (this.stale[idx]) stale = true;
    }
    if (last === -1) return { times: EMPTY, values: EMPTY };
    const start = (this.head + first) % capacity;
    const end = (this.head + last) % capacity;
    if (!stale && start <= end) return { times: this.times.subarray(start, end + 1), values: this.values.subarray(start, end + 1) };
    const times: number[] = [];
    const values: number[] = [];
    for (let i = first; i <= last; i++) {
      const idx = (this.head + i) % capacity;
      if (this.stale[idx]) continue;
      times.push(this.times[idx]!);
      values.push(this.values[idx]!);
    }
    return { times, values };
  }

  /** The latest point in `(from, to]`, unless it is a staleness marker. */
  latest(from: number, to: number): number | undefined {
    const capacity = this.times.length;
    for (let i = this.size - 1; i >= 0; i--) {
      const idx = (this.head + i) % capacity;
      const t = this.times[idx]!;
      if (t > to) continue;
      if (t <= from || this.stale[idx]) return undefined;
      return this.values[idx];
    }
    return undefined;
  }
}

/** Most points a trend keeps, whatever its window: a notification shows a sparkline, not a time series. */
const MAX_POINTS = 1024;

/**
 * The recent [time, value] points of one series, oldest first, in two growable ring buffers: recording a point
 * allocates nothing once the rings have grown to the window's size.
 */
export class TrendRing {
  private times = new Float64Array(16);
  private values = new Float64Array(16);
  private start = 0;
  private length = 0;

  /** Appends a point and drops those at or before `from`. */
  push(time: number, value: number, from: number): void {
    while (this.length > 0 && this.times[this.start]! <= from) this.drop();
    if (this.length === MAX_POINTS) this.drop();
    if (this.length === this.times.length) this.grow();
    const at = (this.start + this.length) % this.times.length;
    this.times[at] = time;
    this.values[at] = value;
    this.length++;
  }

  /** The points, oldest first. */
  points(): Array<readonly [number, number]> {
    const out: Array<readonly [number, number]> = [];
    for (let i = 0; i < this.length; i++) {
      const at = (this.start + i) % this.times.length;
      out.push([this.times[at]!, this.values[at]!]);
    }
    return out;
  }

  private drop(): void {
    this.start = (this.start + 1) % this.times.length;
    this.length--;
  }

  private grow(): void {
    const points = this.points();
    this.times = new Float64Array(this.times.length * 2);
    this.values = new Float64Array(this.values.length * 2);
    points.forEach(([t, v], i) => {
      this.times[i] = t;
      this.values[i] = v;
    });
    this.start = 0;
  }
}

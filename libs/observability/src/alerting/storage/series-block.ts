/**
 * The memory of up to `columns` series with rings of `capacity` samples, laid out time-major: point `i` of the
 * series in column `c` is at `i * columns + c`. Series scraped together hold their points at the same ring
 * indices, so a range function that runs down the series of a selector reads each array almost sequentially
 * instead of touching a separate allocation per series.
 */
export class SeriesBlock {
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly decreases: Uint32Array;
  readonly stale: Uint8Array;
  private readonly free: number[] = [];
  private used = 0;

  constructor(
    readonly columns: number,
    readonly capacity: number,
  ) {
    // Twice the capacity: see SeriesBuffer's mirrored ring.
    const length = 2 * capacity * columns;
    this.times = new Float64Array(length);
    this.values = new Float64Array(length);
    this.decreases = new Uint32Array(length);
    this.stale = new Uint8Array(length);
  }

  /** A free column, if any. A reused column's old points are never read: a new series starts empty. */
  take(): number | undefined {
    if (this.free.length > 0) return this.free.pop();
    return this.used < this.columns ? this.used++ : undefined;
  }

  release(column: number): void {
    this.free.push(column);
  }
}

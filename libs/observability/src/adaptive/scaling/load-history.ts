import type { LoadReadings } from '../governor/load-readings.js';

/** One history point: the mean of the readings taken in `[at, at + resolution)`. */
export interface LoadPoint {
  /** Start of the point's period, unix ms. */
  readonly at: number;
  readonly eventLoopUtilization: number;
  readonly requestsPerSecond: number;
  readonly cpu: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

type Sums = { -readonly [K in Exclude<keyof LoadPoint, 'at'>]: number };

/**
 * The governor's readings downsampled to one point per `resolution`, the newest `capacity` points kept: bounded
 * memory (six hours at one a minute is 360 points) whatever the interval. A period with no reading (the process
 * was suspended) leaves a gap rather than an invented point.
 */
export class LoadHistory {
  private readonly kept: LoadPoint[] = [];
  private periodStart = -1;
  private count = 0;
  private sums: Sums = emptySums();

  constructor(
    readonly resolutionMs: number,
    readonly capacity: number,
  ) {}

  add(at: number, readings: LoadReadings): void {
    const start = at - (at % this.resolutionMs);
    if (start !== this.periodStart) {
      this.close();
      this.periodStart = start;
    }
    this.count++;
    this.sums.eventLoopUtilization += readings.eventLoopUtilization;
    this.sums.requestsPerSecond += readings.requestsPerSecond;
    this.sums.cpu += readings.cpu;
    this.sums.rssBytes += readings.rssBytes;
    this.sums.heapUsedBytes += readings.heapUsedBytes;
  }

  /** Completed points, oldest first (the period in progress is not one yet). */
  points(): readonly LoadPoint[] {
    return this.kept;
  }

  private close(): void {
    if (this.count === 0) return;
    const n = this.count;
    const s = this.sums;
    this.kept.push({
      at: this.periodStart,
      eventLoopUtilization: s.eventLoopUtilization / n,
      requestsPerSecond: s.requestsPerSecond / n,
      cpu: s.cpu / n,
      rssBytes: s.rssBytes / n,
      heapUsedBytes: s.heapUsedBytes / n,
    });
    if (this.kept.length > this.capacity) this.kept.splice(0, this.kept.length - this.capacity);
    this.count = 0;
    this.sums = emptySums();
  }
}

function emptySums(): Sums {
  return { eventLoopUtilization: 0, requestsPerSecond: 0, cpu: 0, rssBytes: 0, heapUsedBytes: 0 };
}

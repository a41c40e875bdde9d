/** `000` … `999`: the millisecond part of a timestamp. */
const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * The current time as an ISO-8601 string. Formatting a Date costs more than the rest of a request line: the date
 * and time up to the second are formatted once per second, the milliseconds appended from a table, and the result
 * reused while the millisecond lasts (under load many lines share one).
 */
export class IsoClock {
  private lastMs = -1;
  private last = '';
  private second = -1;
  /** `2026-11-27T16:20:05.` */
  private secondPrefix = '';

  now(): string {
    const ms = Date.now();
    if (ms === this.lastMs) return this.last;
    this.lastMs = ms;
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.secondPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    }
    this.last = `${this.secondPrefix}${MILLIS[ms - second * 1000]}Z`;
    return this.last;
  }
}

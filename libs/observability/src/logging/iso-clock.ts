/**
 * The current time as an ISO-8601 string, formatted once per millisecond: formatting a Date costs more than the
 * rest of a request line, and under load many lines share a millisecond.
 */
export class IsoClock {
  private lastMs = -1;
  private last = '';

  now(): string {
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.last = new Date(ms).toISOString();
    }
    return this.last;
  }
}

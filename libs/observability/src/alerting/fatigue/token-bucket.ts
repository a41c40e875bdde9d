/** A token counts as whole this close to 1: refills add up in small fractions, which floating point rounds. */
const WHOLE = 1 - 1e-9;

/**
 * A token bucket: `capacity` tokens, refilled continuously at `capacity` per `windowMs`, so at most `capacity`
 * takes succeed in any window after a quiet one, and a burst is followed by a steady rate.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < WHOLE) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Whether a token is there now (without taking it). */
  available(now: number): boolean {
    this.refill(now);
    return this.tokens >= WHOLE;
  }

  /** A bucket back at full capacity holds nothing worth remembering. */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity - (1 - WHOLE);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.capacity) / this.windowMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}

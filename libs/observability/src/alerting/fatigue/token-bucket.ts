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
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whether a token is there now (without taking it). */
  available(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  /** A bucket back at full capacity holds nothing worth remembering. */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    if (now > this.updatedAt) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updatedAt) * this.capacity) / this.windowMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}

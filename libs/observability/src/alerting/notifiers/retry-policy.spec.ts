import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from './retry-policy.js';

describe('retry policy', () => {
  it('doubles from min_backoff up to max_backoff, with at most 25% jitter', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, minBackoffMs: 1_000, maxBackoffMs: 10_000 };
    expect([1, 2, 3, 4, 5, 30].map((n) => retryDelay(policy, n, undefined, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(retryDelay(policy, 2, undefined, () => 1)).toBe(2_500);
    expect(retryDelay(policy, 4, undefined, () => 1)).toBe(10_000);
  });

  it("waits as long as the receiver's Retry-After asks, beyond max_backoff, up to 10 minutes", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxBackoffMs: 10_000 };
    expect(retryDelay(policy, 1, 120_000)).toBe(120_000);
    expect(retryDelay(policy, 1, 3_600_000)).toBe(600_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect([parseRetryAfter('soon', now), parseRetryAfter(null, now)]).toEqual([undefined, undefined]);
  });
});

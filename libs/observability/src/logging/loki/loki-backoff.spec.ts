import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from './loki-backoff.js';

describe('backoffDelay', () => {
  it('doubles from min to max without jitter at random()=0', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((a) => backoffDelay(a, 500, 30_000, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('adds at most 25% jitter and never exceeds max', () => {
    expect(backoffDelay(1, 500, 30_000, () => 0.999_999)).toBeCloseTo(625, 0);
    expect(backoffDelay(7, 500, 30_000, () => 0.999_999)).toBe(30_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-26T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(['7'], now)).toBe(7_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 00:00:05 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

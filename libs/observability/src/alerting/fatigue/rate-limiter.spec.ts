import { describe, expect, it } from 'vitest';
import type { Alert } from '../interfaces/alert.interface.js';
import { NotificationRateLimiter } from './rate-limiter.js';
import { TokenBucket } from './token-bucket.js';

const alert = (name: string): Alert => ({
  fingerprint: name,
  labels: { alertname: name },
  annotations: {},
  state: 'firing',
  activeAt: new Date(0),
  evidence: { value: 1, threshold: 0, operator: '>', trend: [], traceIds: [] },
});

describe('TokenBucket', () => {
  it('allows `capacity` takes, then refills continuously at capacity per window', () => {
    const bucket = new TokenBucket(2, 60_000, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
    expect(bucket.take(29_999)).toBe(false);
    expect(bucket.take(30_000)).toBe(true);
    expect(bucket.full(150_000)).toBe(true);
  });

  it('has its token back after exactly one window, however many small refills it took', () => {
    const bucket = new TokenBucket(1, 600_000, 0);
    bucket.take(0);
    const checks = Array.from({ length: 10 }, (_, i) => bucket.available((i + 1) * 60_000));
    expect(checks).toEqual([false, false, false, false, false, false, false, false, false, true]);
  });
});

describe('NotificationRateLimiter', () => {
  it('takes a rule over its limit out of a notification, and holds a whole notification over the channel limit', () => {
    const limiter = new NotificationRateLimiter({ windowMs: 3_600_000, global: 3, perRule: 1 });
    const names = (xs: readonly Alert[]) => xs.map((a) => a.fingerprint);
    const first = limiter.admit('slack', [alert('A'), alert('B')], 0);
    expect([names(first.admitted), names(first.limited)]).toEqual([['A', 'B'], []]);
    const second = limiter.admit('slack', [alert('A'), alert('C')], 0);
    expect([names(second.admitted), names(second.limited)]).toEqual([['C'], ['A']]);
    // Per channel: another channel has its own buckets.
    expect(names(limiter.admit('email', [alert('A')], 0).admitted)).toEqual(['A']);
    expect(names(limiter.admit('slack', [alert('D')], 0).admitted)).toEqual(['D']);
    // Three notifications to slack this hour: the fourth is held whole.
    const fourth = limiter.admit('slack', [alert('E')], 0);
    expect([names(fourth.admitted), names(fourth.limited)]).toEqual([[], ['E']]);
    expect(names(limiter.admit('slack', [alert('E')], 1_200_000).admitted)).toEqual(['E']);
  });
});

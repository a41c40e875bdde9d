import { describe, expect, it } from 'vitest';
import { EwStats } from './ew-stats.js';

describe('EwStats', () => {
  it('averages its first samples as a plain mean and population variance', () => {
    const s = new EwStats(0.01);
    for (const x of [2, 4, 6]) s.add(x, 4);
    expect(s.mean).toBeCloseTo(4, 12);
    expect(s.variance).toBeCloseTo(8 / 3, 12);
    expect(s.samples).toBe(3);
  });

  it('moves the mean at most clip standard deviations for one outlier, but lets the variance take it whole', () => {
    const s = new EwStats(0.5);
    for (let i = 0; i < 30; i++) s.add(i % 2 === 0 ? -1 : 1, 4);
    const { mean, variance } = s;
    const sd = Math.sqrt(variance);
    s.add(1000, 4);
    // alpha 0.5 outweighs 1/31, so w = 0.5: the mean moves 0.5 × 4 sd, not 0.5 × 1000.
    expect(s.mean).toBeCloseTo(mean + 0.5 * 4 * sd, 10);
    expect(s.variance).toBeCloseTo(0.5 * (variance + 0.5 * (1000 - mean) ** 2), 6);
  });

  it('never reports a deviation below the floor, so a flat series can still be divided by it', () => {
    const s = new EwStats(0.1);
    for (let i = 0; i < 5; i++) s.add(7, 4);
    expect(s.deviation(1e-6)).toBe(1e-6);
  });
});

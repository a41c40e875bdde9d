import { describe, expect, it } from 'vitest';
import { WindowedGaussianDetector, erfc } from './windowed-gaussian.js';

describe('WindowedGaussianDetector (NAB reference)', () => {
  it('computes erfc to the precision NAB needs', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.15729921, 7);
    expect(erfc(-1)).toBeCloseTo(1.84270079, 7);
  });

  it('scores a value by the two-sided Gaussian tail of the values before it', () => {
    const d = new WindowedGaussianDetector();
    expect(d.update(0)).toBe(0); // nothing to compare with yet
    d.update(2);
    // Window {0, 2}: mean 1, population std 1. z = |3 − 1| / 1 = 2 → 1 − Q(2) = 1 − 0.02275013 = 0.97724987
    expect(d.update(3)).toBeCloseTo(0.97724987, 6);
    // Window {0, 2, 3}: mean 5/3, std √(((5/3)² + (1/3)² + (4/3)²) / 3) = 1.2472191; z(5/3) = 0 → 1 − Q(0) = 0.5
    expect(d.update(5 / 3)).toBeCloseTo(0.5, 6);
  });
});

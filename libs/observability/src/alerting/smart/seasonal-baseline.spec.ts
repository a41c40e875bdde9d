import { describe, expect, it } from 'vitest';
import { SeasonalBaseline } from './seasonal-baseline.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('SeasonalBaseline', () => {
  it('predicts nothing but the running mean before a whole period, then level plus each slot’s offset', () => {
    // Hourly samples, 24 slots; the first day is 0 at night (0–11 h) and 10 by day (12–23 h).
    const b = new SeasonalBaseline(DAY, HOUR, 288, 0.01, 0.2, 0);
    for (let h = 0; h < 24; h++) {
      expect(b.ready(h * HOUR)).toBe(false);
      b.add(h < 12 ? 0 : 10, h * HOUR, 4);
    }
    expect(b.expected(23 * HOUR)).toBeCloseTo(5, 10);
    // The completed day: level 5, offsets −5 at night and +5 by day.
    expect(b.ready(DAY)).toBe(true);
    expect(b.expected(DAY + 3 * HOUR)).toBeCloseTo(0, 10);
    expect(b.expected(DAY + 15 * HOUR)).toBeCloseTo(10, 10);
  });

  it('learns each slot once a period, so a changed hour moves its slot by slotAlpha', () => {
    const b = new SeasonalBaseline(DAY, HOUR, 288, 0.01, 0.2, 0);
    for (let h = 0; h < 24; h++) b.add(5, h * HOUR, 4);
    // Day 2, 3 h: 15 instead of 5. Level weight 1/25 (it outweighs alpha 0.01): level 5 + (15 − 5) / 25 = 5.4;
    // the slot: 0 + 0.2 × (15 − 5.4 − 0) = 1.92, so 3 h on day 3 expects 5.4 + 1.92 = 7.32.
    b.add(15, DAY + 3 * HOUR, 4);
    expect(b.expected(2 * DAY + 3 * HOUR)).toBeCloseTo(7.32, 10);
    expect(b.residuals.mean).toBe(10);
  });
});

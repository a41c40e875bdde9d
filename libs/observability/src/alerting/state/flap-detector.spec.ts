import { describe, expect, it } from 'vitest';
import { FlapDetector } from './flap-detector.js';

const STEP = 15_000;

/** Feeds one evaluation per entry (1: firing, 0: not) and returns, per evaluation, whether the alert flaps. */
function run(detector: FlapDetector, pattern: string): { flapping: string; held: number } {
  let flapping = '';
  let held = 0;
  [...pattern].forEach((c, i) => {
    held += detector.observe(i * STEP, new Set(c === '1' ? ['a'] : [])).length;
    flapping += detector.status('a') ? 'F' : '.';
  });
  return { flapping, held };
}

describe('FlapDetector', () => {
  it("computes Nagios's weighted share of state changes (0.75 oldest … 1.25 newest) over its history", () => {
    const detector = new FlapDetector({ history: 5, high: 0.99, low: 0.5 });
    // History of 5 evaluations, 4 transitions weighing 0.75, 0.9167, 1.0833, 1.25: changes at the last two.
    run(detector, '00011');
    expect(detector.status('a')).toBeUndefined();
    // 0,1,0,1,0: every transition changed: share 1.
    const flapping = new FlapDetector({ history: 5, high: 0.99, low: 0.5 });
    run(flapping, '01010');
    expect(flapping.status('a')).toEqual({ changes: 4, ratio: 1, evaluations: 5, since: new Date(4 * STEP) });
  });

  it('starts above the high threshold and stops only below the low one (hysteresis), counting changes held meanwhile', () => {
    const detector = new FlapDetector({ history: 11, high: 0.4, low: 0.1 });
    const { flapping, held } = run(detector, '1010101' + '1111111111' + '111');
    // Shares 0.125, 0.244, 0.358, then 0.467 at the fourth change: flapping. Once steady the share decays; it stops
    // only when it falls below 0.1 (0.156 at evaluation 14, 0.075 at 15), not as soon as it is below 0.4.
    expect(flapping).toBe('...' + 'F'.repeat(12) + '.....');
    // The changes at evaluations 3 to 6 were held back (not notified one by one).
    expect(held).toBe(4);
  });

  it('forgets an alert quiet for its whole history', () => {
    const detector = new FlapDetector({ history: 3, high: 0.5, low: 0.2 });
    run(detector, '1000');
    expect(detector.observe(10 * STEP, new Set())).toEqual([]);
    expect(detector.status('a')).toBeUndefined();
  });
});

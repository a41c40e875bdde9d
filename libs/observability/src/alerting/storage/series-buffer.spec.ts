import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from './series-buffer.js';

const points = (r: { times: ArrayLike<number>; values: ArrayLike<number> }) => Array.from(r.times, (t, i) => [t, r.values[i]]);

describe('SeriesBuffer', () => {
  it('keeps the newest samples once full, oldest first, across the ring wrapping around', () => {
    const buffer = new SeriesBuffer({}, 3);
    for (let t = 1; t <= 5; t++) buffer.push(t, t * 10);
    expect(points(buffer.range(0, 10))).toEqual([
      [3, 30],
      [4, 40],
      [5, 50],
    ]);
    expect(points(buffer.range(3, 4))).toEqual([[4, 40]]);
    expect(buffer.latest(0, 4.5)).toBe(40);
  });

  it('skips staleness markers in ranges, ends instant lookups at one, and refuses out-of-order samples', () => {
    const buffer = new SeriesBuffer({}, 8);
    buffer.push(1, 1);
    buffer.push(2, NaN, true);
    buffer.push(3, 3);
    buffer.push(3, 99);
    buffer.push(2.5, 99);
    expect(points(buffer.range(0, 3))).toEqual([
      [1, 1],
      [3, 3],
    ]);
    expect(buffer.latest(0, 2)).toBeUndefined();
    expect(buffer.latest(0, 3)).toBe(3);
  });
});

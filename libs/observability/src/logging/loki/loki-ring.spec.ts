import { describe, expect, it } from 'vitest';
import { Ring } from './loki-ring.js';

describe('Ring', () => {
  it('is a FIFO that keeps its order across wrap-around and growth', () => {
    const ring = new Ring<number>(4);
    for (let i = 0; i < 3; i++) ring.push(i);
    expect(ring.shift()).toBe(0);
    expect(ring.shift()).toBe(1);
    for (let i = 3; i < 12; i++) ring.push(i); // wraps, then grows from 4 to 16 slots
    expect(ring.length).toBe(10);
    expect(ring.take(100)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(ring.shift()).toBeUndefined();
  });

  it('puts an element back at the head with unshift (a batch coming back for a retry)', () => {
    const ring = new Ring<string>(2);
    ring.push('b');
    ring.push('c');
    ring.unshift('a');
    expect(ring.peek()).toBe('a');
    expect(ring.take(3)).toEqual(['a', 'b', 'c']);
  });
});

import { describe, expect, it } from 'vitest';
import { AdaptiveRatio, traceRandom } from './adaptive-ratio.js';

/** Trace ids whose random part maps evenly onto [0, 1). */
const ids = (n: number): string[] =>
  Array.from({ length: n }, (_, i) =>
    Math.floor(((i + 0.5) / n) * 2 ** 52)
      .toString(16)
      .padStart(32, '0'),
  );

describe('AdaptiveRatio', () => {
  it('maps the trace id random part onto [0, 1)', () => {
    expect(traceRandom('00000000000000000000000000000000')).toBe(0);
    expect(traceRandom('0000000000000000000fffffffffffff')).toBeCloseTo(1, 12);
  });

  it('keeps sample_rate of the traces under the target', () => {
    let now = 0;
    const ratio = new AdaptiveRatio({
      sampleRate: 0.1,
      targetPerSecond: 1_000,
      reservoirPerSecond: 0,
      maxPerSecond: 1_000,
      now: () => now,
    });
    const kept = ids(1_000).filter((id) => ratio.shouldKeep(id)).length;
    expect(kept).toBe(100);
    now = 1_000;
    expect(ratio.currentProbability).toBe(0.1);
  });

  it('keeps the first reservoir_per_second traces of each second whatever the ratio', () => {
    let now = 0;
    const ratio = new AdaptiveRatio({ sampleRate: 0.000001, targetPerSecond: 0, reservoirPerSecond: 2, maxPerSecond: 100, now: () => now });
    const zeroish = 'ffffffffffffffffffffffffffffffff';
    expect([1, 2, 3].map(() => ratio.shouldKeep(zeroish))).toEqual([true, true, false]);
    now = 1_000;
    expect([1, 2, 3].map(() => ratio.shouldKeep(zeroish))).toEqual([true, true, false]);
  });

  it('lowers the probability when the load would keep more than the target per second, and restores it when load falls', () => {
    let now = 0;
    const ratio = new AdaptiveRatio({ sampleRate: 0.5, targetPerSecond: 10, reservoirPerSecond: 0, maxPerSecond: 1_000, now: () => now });
    for (const id of ids(1_000)) ratio.shouldKeep(id);
    now = 1_000;
    const second = ids(1_000).filter((id) => ratio.shouldKeep(id)).length;
    expect(ratio.currentProbability).toBeCloseTo(0.01, 5);
    expect(second).toBe(10);
    // The estimate halves its distance to the new load each second: back under the target within a few seconds.
    for (let second = 2; second <= 9; second++) {
      now = second * 1_000;
      ratio.shouldKeep(ids(1)[0]!);
    }
    expect(ratio.currentProbability).toBe(0.5);
  });

  it('never keeps more than max_traces_per_second in one second (a spike)', () => {
    let now = 0;
    const ratio = new AdaptiveRatio({ sampleRate: 1, targetPerSecond: 0, reservoirPerSecond: 5, maxPerSecond: 20, now: () => now });
    expect(ids(500).filter((id) => ratio.shouldKeep(id))).toHaveLength(20);
    now = 1_000;
    expect(ids(500).filter((id) => ratio.shouldKeep(id))).toHaveLength(20);
  });

  it('keeps nothing at sample_rate 0, reservoir included', () => {
    const ratio = new AdaptiveRatio({ sampleRate: 0, targetPerSecond: 10, reservoirPerSecond: 5, maxPerSecond: 20 });
    expect(ids(100).some((id) => ratio.shouldKeep(id))).toBe(false);
  });

  it('multiplies the ratio by the lowest load factor of its governors, and lifts it when they do', () => {
    const ratio = new AdaptiveRatio({ sampleRate: 0.5, targetPerSecond: 0, reservoirPerSecond: 0, maxPerSecond: 1_000 });
    const [appA, appB] = [{}, {}];
    ratio.setLoadFactor(appA, 0.5);
    ratio.setLoadFactor(appB, 0.25);
    expect(ratio.currentProbability).toBe(0.125);
    expect(ids(1_000).filter((id) => ratio.shouldKeep(id))).toHaveLength(125);
    ratio.setLoadFactor(appB, undefined);
    expect(ratio.currentProbability).toBe(0.25);
    ratio.setLoadFactor(appA, 1);
    expect(ratio.currentProbability).toBe(0.5);
  });
});

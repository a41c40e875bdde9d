import { describe, expect, it } from 'vitest';
import { noise } from '../../../../../test/helpers/noise.js';
import { AnomalyDetector } from './anomaly-detector.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function run(detector: AnomalyDetector, values: number[], stepMs = MINUTE): number[] {
  return values.map((v, i) => detector.update(v, T0 + i * stepMs).score);
}
const max = (xs: number[]): number => Math.max(...xs);

describe('AnomalyDetector', () => {
  it('scores a level shift high at its start, and ordinary noise low', () => {
    const rnd = noise(1);
    const values = Array.from({ length: 2000 }, (_, i) => 100 + 2 * rnd() + (i >= 1500 ? 20 : 0));
    const scores = run(new AnomalyDetector(), values);
    expect(max(scores.slice(200, 1500))).toBeLessThan(0.3);
    expect(scores[1500]).toBeGreaterThan(0.9);
  });

  it('scores a single spike high and goes back to low after it', () => {
    const rnd = noise(2);
    const values = Array.from({ length: 1500 }, (_, i) => 50 + rnd() + (i === 1200 ? 15 : 0));
    const d = new AnomalyDetector();
    const points = values.map((v, i) => d.update(v, T0 + i * MINUTE));
    expect(points[1200]?.score).toBeGreaterThan(0.9);
    expect(max(points.slice(1201, 1500).map((p) => p.score))).toBeLessThan(0.3);
    // The explanation: what was expected, by how much the spike missed it, in which unit.
    const spike = points[1200] as (typeof points)[0];
    expect(Math.abs(spike.baseline - 50)).toBeLessThan(0.5);
    expect(spike.deviation).toBe((values[1200] as number) - spike.baseline);
    expect(points[1200]?.zScore).toBeGreaterThan(20);
  });

  it('learns a smooth daily cycle with seasonality on: the cycle scores low, a value wrong for its hour high', () => {
    const rnd = noise(3);
    const step = 5 * MINUTE;
    const perDay = DAY / step;
    const cycle = (i: number): number => 100 + 50 * Math.sin((2 * Math.PI * i) / perDay) + rnd();
    const days = 6;
    const values = Array.from({ length: days * perDay }, (_, i) => cycle(i));
    // At the trough of day 6, the value of the daily peak: inside the series' range, wrong for the hour.
    const at = 5 * perDay + (3 * perDay) / 4;
    values[at] = 150;
    const seasonal = run(new AnomalyDetector({ seasonality: { periodMs: DAY } }), values, step);
    expect(max(seasonal.slice(2 * perDay, at))).toBeLessThan(0.3);
    expect(seasonal[at]).toBeGreaterThan(0.9);
    // Without the seasonal model the same value is within the range the level has seen: no alarm.
    const plain = run(new AnomalyDetector(), values, step);
    expect(plain[at]).toBeLessThan(0.3);
  });

  it('holds the score at 0 through warm-up, however wild the samples', () => {
    const d = new AnomalyDetector({ warmupSamples: 50 });
    const points = Array.from({ length: 60 }, (_, i) => d.update(i % 2 === 0 ? 0 : 1e6 * i, T0 + i * MINUTE));
    expect(points.slice(0, 50).every((p) => p.score === 0 && !p.warm)).toBe(true);
    expect(points[50]?.warm).toBe(true);
    const after = new AnomalyDetector({ warmupSamples: 50 });
    const flat = Array.from({ length: 50 }, (_, i) => after.update(10 + (i % 2), T0 + i * MINUTE));
    expect(flat.every((p) => p.score === 0)).toBe(true);
    expect(after.update(1000, T0 + 50 * MINUTE).score).toBeGreaterThan(0.9);
  });

  it('skips values that are not numbers without learning them', () => {
    const d = new AnomalyDetector({ warmupSamples: 0 });
    d.update(1, T0);
    expect(d.update(Number.NaN, T0 + MINUTE)).toMatchObject({ score: 0, deviation: 0 });
    expect(d.samples).toBe(1);
  });

  it('carries on from a snapshot (through JSON) exactly as the original does, with and without seasonality', () => {
    const rnd = noise(5);
    const step = 5 * MINUTE;
    const values = Array.from({ length: 800 }, (_, i) => 100 + 30 * Math.sin((2 * Math.PI * i) / 288) + 3 * rnd() + (i === 700 ? 60 : 0));
    for (const options of [{}, { seasonality: { periodMs: DAY } }]) {
      const original = new AnomalyDetector(options);
      values.slice(0, 400).forEach((v, i) => original.update(v, T0 + i * step));
      const copy = AnomalyDetector.restore(options, JSON.parse(JSON.stringify(original.snapshot())));
      const later = values.slice(400).map((v, i) => [v, T0 + (400 + i) * step] as const);
      expect(later.map(([v, t]) => copy.update(v, t))).toEqual(later.map(([v, t]) => original.update(v, t)));
      expect(copy.samples).toBe(800);
    }
    const seasonal = new AnomalyDetector({ seasonality: {} });
    values.slice(0, 10).forEach((v, i) => seasonal.update(v, T0 + i * step));
    expect(() => AnomalyDetector.restore({}, seasonal.snapshot())).toThrow(
      'anomaly detector: the saved state was learnt with another seasonality',
    );
    expect(() => AnomalyDetector.restore({ seasonality: { periodMs: 7 * DAY, maxSlots: 2016 } }, seasonal.snapshot())).toThrow(
      'anomaly detector: the saved state was learnt with another seasonality',
    );
  });

  it('rejects options it cannot work with, naming the field and what it expects', () => {
    expect(() => new AnomalyDetector({ alpha: 0 })).toThrow('anomaly detector: alpha is 0, expected a number in (0, 1]');
    expect(() => new AnomalyDetector({ seasonality: { periodMs: -1 } })).toThrow(
      'anomaly detector: seasonality.periodMs is -1, expected a positive number of ms',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { bestHolt, fitHolt, forecastHolt, stepsUntil } from './holt.js';

describe("Holt's linear trend", () => {
  // By hand, α = β = 0.5 over 1, 2, 4, 5:
  //   level₀ = 1, trend₀ = 1
  //   t=1: forecast 2, error 0 (not counted: it set the trend); level 2, trend 1
  //   t=2: forecast 3, error 1; level 0.5·4 + 0.5·3 = 3.5, trend 0.5·1.5 + 0.5·1 = 1.25
  //   t=3: forecast 4.75, error 0.25; level 0.5·5 + 0.5·4.75 = 4.875, trend 0.5·1.375 + 0.5·1.25 = 1.3125
  //   RMSE √((1 + 0.0625) / 2) = 0.72887, MAE 0.625
  const fit = fitHolt([1, 2, 4, 5], 0.5, 0.5);

  it('fits level, trend and one-step errors as computed by hand', () => {
    expect(fit.level).toBe(4.875);
    expect(fit.trend).toBe(1.3125);
    expect(fit.rmse).toBeCloseTo(Math.sqrt(0.53125), 12);
    expect(fit.mae).toBe(0.625);
    expect(fit.n).toBe(4);
  });

  it('forecasts along the trend with the ETS(A,A,N) interval', () => {
    // h = 2, α = 0.5, state-space β = 0.25: variance σ²(1 + 1·(0.25 + 0.5·0.25·2 + 0.0625·2·3/6)) = 1.5625 σ².
    const at = forecastHolt(fit, 2);
    expect(at.value).toBe(7.5);
    const half = 1.96 * 1.25 * Math.sqrt(0.53125);
    expect(at.low).toBeCloseTo(7.5 - half, 12);
    expect(at.high).toBeCloseTo(7.5 + half, 12);
    // One step ahead the interval is ±1.96 σ.
    expect(forecastHolt(fit, 1).high - forecastHolt(fit, 1).value).toBeCloseTo(1.96 * Math.sqrt(0.53125), 12);
  });

  it('says how many steps until a threshold: 0 when there already, undefined when not rising', () => {
    expect(stepsUntil(fit, 10)).toBeCloseTo((10 - 4.875) / 1.3125, 12);
    expect(stepsUntil(fit, 4)).toBe(0);
    expect(stepsUntil(fitHolt([5, 4, 3, 2], 0.5, 0.5), 10)).toBeUndefined();
  });

  it('picks the weights with the smallest one-step error', () => {
    const noisy = [10, 12, 11, 13, 12, 14, 13, 15, 14, 16];
    const best = bestHolt(noisy);
    for (const alpha of [0.1, 0.5, 0.9]) {
      for (const beta of [0.1, 0.5, 0.9]) expect(best.rmse).toBeLessThanOrEqual(fitHolt(noisy, alpha, beta).rmse);
    }
    const straight = bestHolt([3, 5, 7, 9, 11]);
    expect([straight.level, straight.trend, straight.rmse]).toEqual([11, 2, 0]);
  });

  it('needs two points', () => {
    expect(() => fitHolt([1], 0.5, 0.5)).toThrow("Holt's method needs at least 2 points, got 1");
  });
});

/** Holt's linear trend fitted to a series. */
export interface HoltFit {
  readonly alpha: number;
  readonly beta: number;
  /** Smoothed level at the last point. */
  readonly level: number;
  /** Smoothed change per step at the last point. */
  readonly trend: number;
  /** Root mean square of the one-step-ahead errors (from the third point on; the first two set level and trend). */
  readonly rmse: number;
  /** Mean absolute one-step-ahead error. */
  readonly mae: number;
  /** Points fitted. */
  readonly n: number;
}

/** A forecast `steps` ahead with its approximate 95% interval. */
export interface HoltForecast {
  readonly steps: number;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Holt's linear trend (double exponential smoothing) with smoothing weights `alpha` (level) and `beta` (trend):
 * level₀ = y₀, trend₀ = y₁ − y₀; then for each point, the one-step forecast is level + trend, and
 * level' = α·y + (1 − α)(level + trend), trend' = β(level' − level) + (1 − β)·trend. Needs two points.
 */
export function fitHolt(values: readonly number[], alpha: number, beta: number): HoltFit {
  if (values.length < 2) throw new RangeError(`Holt's method needs at least 2 points, got ${values.length}`);
  let level = values[0]!;
  let trend = values[1]! - values[0]!;
  let squares = 0;
  let absolutes = 0;
  let errors = 0;
  for (let t = 1; t < values.length; t++) {
    const y = values[t]!;
    const predicted = level + trend;
    if (t >= 2) {
      const error = y - predicted;
      squares += error * error;
      absolutes += Math.abs(error);
      errors++;
    }
    const previous = level;
    level = alpha * y + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return {
    alpha,
    beta,
    level,
    trend,
    rmse: errors > 0 ? Math.sqrt(squares / errors) : 0,
    mae: errors > 0 ? absolutes / errors : 0,
    n: values.length,
  };
}

/** Smoothing weights tried by {@link bestHolt}: 0.1 to 0.9 for both. */
const GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** The fit whose one-step-ahead errors are smallest over a 9 × 9 grid of weights (ties: the smoother one). */
export function bestHolt(values: readonly number[]): HoltFit {
  let best: HoltFit | undefined;
  for (const alpha of GRID) {
    for (const beta of GRID) {
      const fit = fitHolt(values, alpha, beta);
      if (!best || fit.rmse < best.rmse - 1e-12) best = fit;
    }
  }
  return best!;
}

/**
 * The forecast `steps` ahead: level + steps × trend, with the ETS(A,A,N) prediction interval
 * ±1.96·σ·√(1 + (h − 1)(α² + αβh + β²h(2h − 1)/6)), σ being the one-step RMSE and β the state-space trend weight
 * (α × this file's β; Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §8.7).
 */
export function forecastHolt(fit: HoltFit, steps: number): HoltForecast {
  const h = Math.max(steps, 1);
  const a = fit.alpha;
  const b = fit.alpha * fit.beta;
  const variance = fit.rmse ** 2 * (1 + (h - 1) * (a * a + a * b * h + (b * b * h * (2 * h - 1)) / 6));
  const value = fit.level + steps * fit.trend;
  const half = 1.96 * Math.sqrt(variance);
  return { steps, value, low: value - half, high: value + half };
}

/** Steps until the trend line reaches `threshold`: 0 when already there, undefined when it never does. */
export function stepsUntil(fit: HoltFit, threshold: number): number | undefined {
  if (fit.level >= threshold) return 0;
  if (fit.trend <= 0) return undefined;
  return (threshold - fit.level) / fit.trend;
}

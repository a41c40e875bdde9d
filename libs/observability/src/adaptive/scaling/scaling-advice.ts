import { bestHolt, forecastHolt, stepsUntil, type HoltFit } from './holt.js';
import type { LoadPoint } from './load-history.js';

/** What the advice is computed against (the `observability.adaptive.scaling` keys, in ms and ratios). */
export interface ScalingAdviceOptions {
  readonly resolutionMs: number;
  readonly horizonMs: number;
  readonly minPoints: number;
  readonly maxUtilization: number;
  readonly targetUtilization: number;
  readonly instances: number;
  /** The process's memory limit (cgroup), bytes; undefined when there is none. */
  readonly memoryLimitBytes: number | undefined;
}

/** One series' forecast, per minute. */
export interface SeriesForecast {
  readonly method: 'holt';
  readonly alpha: number;
  readonly beta: number;
  /** The smoothed value at the last point. */
  readonly now: number;
  readonly trendPerMinute: number;
  readonly horizonMinutes: number;
  /** Forecast at the horizon, with its approximate 95% interval. */
  readonly atHorizon: { readonly value: number; readonly low: number; readonly high: number };
  /** One-step-ahead errors of the fit over the history. */
  readonly rmse: number;
  readonly mae: number;
}

export interface ScalingRecommendation {
  /** Instances that keep event-loop utilisation under the target through the horizon; null without enough history. */
  readonly instances: number | null;
  readonly currentInstances: number;
  /** Minutes until event-loop utilisation crosses `max_utilization` at the current trend: 0 = already, null = not within 7 days. */
  readonly utilizationCrossesInMinutes: number | null;
  /** Minutes until RSS reaches 90% of the memory limit at the current trend (null: no limit, or not within 7 days). */
  readonly memoryLimitInMinutes: number | null;
  readonly text: string;
}

export interface ScalingAdvice {
  readonly status: 'ok' | 'insufficient_history';
  readonly recommendation: ScalingRecommendation;
  readonly forecasts: {
    readonly eventLoopUtilization?: SeriesForecast;
    readonly requestsPerSecond?: SeriesForecast;
    readonly cpu?: SeriesForecast;
    readonly rssBytes?: SeriesForecast;
  };
  /** Requests per second one instance serves at the target utilisation, at the current mix (null when idle). */
  readonly requestsPerSecondPerInstanceAtTarget: number | null;
}

/** Share of the memory limit the advice warns about. */
const MEMORY_WARNING_SHARE = 0.9;
/** A crossing further out than this is not one: a week of a trend fitted over hours is noise, not a forecast. */
const FARTHEST_CROSSING_MINUTES = 7 * 24 * 60;

/**
 * Forecasts each series of the history with Holt's linear trend and recommends an instance count: event-loop
 * utilisation per instance is taken to scale inversely with the number of instances sharing the load (true of
 * CPU-bound request work; a fixed background share makes it optimistic), so `ceil(instances × forecast / target)`
 * instances keep it under the target at the horizon.
 */
export function adviseScaling(points: readonly LoadPoint[], options: ScalingAdviceOptions): ScalingAdvice {
  const current = options.instances;
  if (points.length < Math.max(options.minPoints, 3)) {
    return {
      status: 'insufficient_history',
      recommendation: {
        instances: null,
        currentInstances: current,
        utilizationCrossesInMinutes: null,
        memoryLimitInMinutes: null,
        text: `Not enough history yet: ${points.length} of ${options.minPoints} points of ${minutes(options.resolutionMs)} min.`,
      },
      forecasts: {},
      requestsPerSecondPerInstanceAtTarget: null,
    };
  }
  const stepMinutes = options.resolutionMs / 60_000;
  const steps = options.horizonMs / options.resolutionMs;
  const fit = (select: (p: LoadPoint) => number): HoltFit => bestHolt(points.map(select));
  const describe = (f: HoltFit): SeriesForecast => {
    const at = forecastHolt(f, steps);
    return {
      method: 'holt',
      alpha: f.alpha,
      beta: f.beta,
      now: f.level,
      trendPerMinute: f.trend / stepMinutes,
      horizonMinutes: steps * stepMinutes,
      atHorizon: { value: at.value, low: at.low, high: at.high },
      rmse: f.rmse,
      mae: f.mae,
    };
  };
  const elu = fit((p) => p.eventLoopUtilization);
  const rps = fit((p) => p.requestsPerSecond);
  const rss = fit((p) => p.rssBytes);
  const crossesIn = minutesUntil(elu, options.maxUtilization, stepMinutes);
  const peak = Math.max(elu.level, forecastHolt(elu, steps).value, 0);
  const needed = Math.max(1, Math.ceil((current * peak) / options.targetUtilization - 1e-9));
  const memoryIn = options.memoryLimitBytes ? minutesUntil(rss, options.memoryLimitBytes * MEMORY_WARNING_SHARE, stepMinutes) : null;
  const horizonMinutes = steps * stepMinutes;
  return {
    status: 'ok',
    recommendation: {
      instances: needed,
      currentInstances: current,
      utilizationCrossesInMinutes: crossesIn,
      memoryLimitInMinutes: memoryIn,
      text: adviceText(elu.level, crossesIn, needed, options, horizonMinutes, memoryIn),
    },
    forecasts: {
      eventLoopUtilization: describe(elu),
      requestsPerSecond: describe(rps),
      cpu: describe(fit((p) => p.cpu)),
      rssBytes: describe(rss),
    },
    requestsPerSecondPerInstanceAtTarget: elu.level > 0.01 && rps.level > 0 ? (rps.level / elu.level) * options.targetUtilization : null,
  };
}

function minutesUntil(fit: HoltFit, threshold: number, stepMinutes: number): number | null {
  const steps = stepsUntil(fit, threshold);
  return steps === undefined || steps * stepMinutes > FARTHEST_CROSSING_MINUTES ? null : steps * stepMinutes;
}

function adviceText(
  level: number,
  crossesIn: number | null,
  needed: number,
  options: ScalingAdviceOptions,
  horizonMinutes: number,
  memoryIn: number | null,
): string {
  const max = percent(options.maxUtilization);
  const utilisation =
    crossesIn === 0
      ? `Event-loop utilisation is ${percent(level)}, over ${max} now`
      : crossesIn === null
        ? `Event-loop utilisation is ${percent(level)} and, at the current trend, stays under ${max} for at least ${span(FARTHEST_CROSSING_MINUTES)}`
        : `At the current trend, event-loop utilisation crosses ${max} in ~${span(crossesIn)}`;
  const plural = needed === 1 ? 'instance keeps' : 'instances keep';
  const asNow = needed === options.instances ? ' (as now)' : '';
  const instances = `${needed} ${plural} it under ${percent(options.targetUtilization)} for the next ${span(horizonMinutes)}${asNow}.`;
  const memory =
    memoryIn !== null && memoryIn <= horizonMinutes && options.memoryLimitBytes
      ? ` Memory (RSS) reaches ${percent(MEMORY_WARNING_SHARE)} of its ${mebibytes(options.memoryLimitBytes)} limit ` +
        (memoryIn === 0 ? 'now' : `in ~${span(memoryIn)}`) +
        '; more instances do not change that.'
      : '';
  return `${utilisation}; ${instances}${memory}`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function minutes(ms: number): number {
  return Math.round((ms / 60_000) * 100) / 100;
}

/** `40 min`, `2.5 h`, `3 d`. */
function span(totalMinutes: number): string {
  if (totalMinutes < 90) return `${Math.max(1, Math.round(totalMinutes))} min`;
  if (totalMinutes < 48 * 60) return `${Math.round(totalMinutes / 6) / 10} h`;
  return `${Math.round(totalMinutes / 144) / 10} d`;
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1_048_576)} MiB`;
}

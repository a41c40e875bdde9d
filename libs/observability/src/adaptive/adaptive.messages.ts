import type { LevelChange, Pressure } from './governor/governor-policy.js';
import type { LoadReadings } from './governor/load-readings.js';
import type { AppliedLevel } from './governor/telemetry-levels.js';

export const STEPPED_DOWN = 'telemetry stepped down under load';
export const STEPPED_UP = 'telemetry stepped back up';
export const TICK_FAILED = 'adaptive telemetry: reading the load failed; the telemetry level stays as it is until the next interval';

/** `event_loop_utilization 0.93 > 0.9` (down) or `event_loop_utilization 0.12 < 0.675` (up: under the recovery threshold). */
function describePressure(p: Pressure, direction: LevelChange['direction'], recoveryRatio: number): string {
  return direction === 'down'
    ? `${p.reading} ${round(p.value)} > ${round(p.budget)}`
    : `${p.reading} ${round(p.value)} < ${round(p.budget * recoveryRatio)}`;
}

/** The fields of the one log line a change of level writes: what changed, why, and the readings. */
export function levelChangeLine(change: LevelChange, applied: AppliedLevel, readings: LoadReadings, recoveryRatio: number) {
  return {
    msg: change.direction === 'down' ? STEPPED_DOWN : STEPPED_UP,
    telemetry_level: change.to,
    previous_telemetry_level: change.from,
    trace_sample_factor: round(applied.sampleFactor),
    trace_sample_rate: round(applied.sampleRate),
    ...(applied.logLevel !== undefined ? { log_level: applied.logLevel } : {}),
    reason: change.pressures.map((p) => describePressure(p, change.direction, recoveryRatio)).join(', '),
    readings: readingsFields(readings),
  };
}

/** Readings as snake_case fields, rounded for people. */
export function readingsFields(readings: LoadReadings) {
  return {
    event_loop_utilization: round(readings.eventLoopUtilization),
    requests_per_second: round(readings.requestsPerSecond),
    cpu: round(readings.cpu),
    rss_bytes: readings.rssBytes,
    heap_used_bytes: readings.heapUsedBytes,
    overhead_seconds: readings.overheadSeconds === undefined ? null : Number(readings.overheadSeconds.toPrecision(3)),
    overhead_share: readings.overheadShare === undefined ? null : round(readings.overheadShare),
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

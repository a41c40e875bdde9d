import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../config/index.js';
import { LoadHistory } from '../scaling/load-history.js';
import { GovernorPolicy, type GovernorBudgets, type LevelChange } from './governor-policy.js';
import type { LoadReadings } from './load-readings.js';
import { TelemetryGovernor } from './telemetry-governor.js';
import { TelemetryLevels, type LogLevelControl, type SampleRateControl } from './telemetry-levels.js';

const BUDGETS: GovernorBudgets = {
  maxEventLoopUtilization: 0.8,
  maxRequestsPerSecond: 0,
  maxOverheadShare: 0.05,
  recoveryRatio: 0.75,
  stepDownAfter: 2,
  stepUpAfter: 3,
  maxLevel: 3,
};

function load(eventLoopUtilization: number, overheadShare?: number): LoadReadings {
  return {
    eventLoopUtilization,
    requestsPerSecond: 100,
    cpu: eventLoopUtilization,
    rssBytes: 100e6,
    heapUsedBytes: 50e6,
    overheadSeconds: overheadShare === undefined ? undefined : overheadShare / 100,
    overheadShare,
  };
}

/** A sampler with the real multiply-by-the-lowest-factor rule, and a logger level holder. */
function controls(sampleRate: number, level: LogLevel) {
  const factors = new Map<object, number>();
  const tracing: SampleRateControl = {
    get sampleRate() {
      return sampleRate * Math.min(1, ...factors.values());
    },
    scaleSampleRate(owner, factor) {
      if (factor === undefined) factors.delete(owner);
      else factors.set(owner, factor);
    },
  };
  const logging: LogLevelControl & { level: LogLevel } = {
    level,
    setLevel(next) {
      this.level = next;
    },
  };
  return { tracing, logging };
}

function governorOver(script: LoadReadings[], sampleRate = 0.2, logLevel: LogLevel = 'debug') {
  let now = Date.UTC(2026, 0, 1);
  const { tracing, logging } = controls(sampleRate, logLevel);
  const changes: LevelChange[] = [];
  const history = new LoadHistory(60_000, 360);
  const governor = new TelemetryGovernor({
    policy: new GovernorPolicy(BUDGETS),
    levels: new TelemetryLevels(0.5, tracing, logging),
    history,
    read: () => script.shift()!,
    clock: () => now,
    onChange: (change) => changes.push(change),
  });
  const tick = () => {
    now += 5_000;
    return governor.tick();
  };
  return { governor, tracing, logging, changes, tick, history };
}

describe('TelemetryGovernor', () => {
  it('steps trace sampling and debug logs down under a CPU burn, and back up after it', () => {
    const burn = Array.from({ length: 6 }, () => load(0.97));
    const calm = Array.from({ length: 9 }, () => load(0.1));
    const { governor, tracing, logging, changes, tick } = governorOver([...burn, ...calm]);

    tick();
    expect(governor.status().level).toBe(0);
    expect(tick()).toMatchObject({ direction: 'down', from: 0, to: 1 });
    expect(tracing.sampleRate).toBeCloseTo(0.1, 12);
    expect(logging.level).toBe('info');
    tick();
    expect(tick()).toMatchObject({ direction: 'down', from: 1, to: 2 });
    tick();
    expect(tick()).toMatchObject({ direction: 'down', from: 2, to: 3 });
    expect(tracing.sampleRate).toBeCloseTo(0.025, 12);
    expect(changes[0]!.pressures).toEqual([{ reading: 'event_loop_utilization', value: 0.97, budget: 0.8 }]);

    // The burn stops: three calm intervals per step back up.
    for (let i = 0; i < 2; i++) expect(tick()).toBeUndefined();
    expect(tick()).toMatchObject({ direction: 'up', from: 3, to: 2 });
    for (let i = 0; i < 2; i++) tick();
    expect(tick()).toMatchObject({ direction: 'up', from: 2, to: 1 });
    expect(logging.level).toBe('info');
    for (let i = 0; i < 2; i++) tick();
    expect(tick()).toMatchObject({ direction: 'up', from: 1, to: 0 });
    expect(tracing.sampleRate).toBe(0.2);
    expect(logging.level).toBe('debug');
    expect(changes.map((c) => c.direction)).toEqual(['down', 'down', 'down', 'up', 'up', 'up']);
  });

  it('never goes below max_level however long the burn lasts', () => {
    const { governor, tick } = governorOver(Array.from({ length: 20 }, () => load(1)));
    for (let i = 0; i < 20; i++) tick();
    expect(governor.status().level).toBe(3);
  });

  it('holds its level while the load hovers in the hysteresis band', () => {
    const script = [load(0.9), load(0.9), ...Array.from({ length: 10 }, (_, i) => load(i % 2 === 0 ? 0.65 : 0.79))];
    const { governor, changes, tick } = governorOver(script);
    for (let i = 0; i < 12; i++) tick();
    expect(changes).toHaveLength(1);
    expect(governor.status().level).toBe(1);
  });

  it('an over-budget reading in a calm run restarts the count up', () => {
    const script = [load(0.9), load(0.9), load(0.1), load(0.1), load(0.85), load(0.1), load(0.1), load(0.1)];
    const { changes, tick } = governorOver(script);
    const directions = Array.from({ length: 8 }, () => tick()?.direction);
    expect(directions).toEqual([undefined, 'down', undefined, undefined, undefined, undefined, undefined, 'up']);
    expect(changes).toHaveLength(2);
  });

  it("steps down on the suite's own measured overhead alone", () => {
    const { governor, changes, tick } = governorOver([load(0.3, 0.08), load(0.3, 0.08), load(0.3)]);
    tick();
    tick();
    tick();
    // An interval that timed no request keeps the last measurement.
    expect(governor.status().overhead).toEqual({ seconds: 0.0008, share: 0.08 });
    expect(changes[0]).toEqual({
      direction: 'down',
      from: 0,
      to: 1,
      pressures: [{ reading: 'overhead_share', value: 0.08, budget: 0.05 }],
    });
  });

  it('leaves a log level someone changed while stepped down as they set it', () => {
    const script = [load(0.9), load(0.9), load(0.1), load(0.1), load(0.1)];
    const { logging, tick } = governorOver(script);
    tick();
    tick();
    expect(logging.level).toBe('info');
    logging.setLevel('warn');
    for (let i = 0; i < 3; i++) tick();
    expect(logging.level).toBe('warn');
  });

  it('gives the sampler back at release', () => {
    const { governor, tracing, tick } = governorOver([load(0.9), load(0.9)]);
    tick();
    tick();
    expect(tracing.sampleRate).toBeCloseTo(0.1, 12);
    governor.release();
    expect(tracing.sampleRate).toBe(0.2);
  });

  it('records every reading in the history, one point per minute', () => {
    // Ticks every 5 s from 00:00:05: eleven readings in the first minute, twelve in the second.
    const { history, tick } = governorOver(Array.from({ length: 25 }, (_, i) => load(i < 11 ? 0.2 : 0.4)));
    for (let i = 0; i < 25; i++) tick();
    const points = history.points();
    expect(points.map((p) => p.at)).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 0, 1)]);
    expect(points[0]!.eventLoopUtilization).toBeCloseTo(0.2, 12);
    expect(points[1]!.eventLoopUtilization).toBeCloseTo(0.4, 12);
    expect(points[1]!.rssBytes).toBe(100e6);
  });
});

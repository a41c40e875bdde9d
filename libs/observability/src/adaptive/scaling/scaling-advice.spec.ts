import { describe, expect, it } from 'vitest';
import type { LoadPoint } from './load-history.js';
import { adviseScaling, type ScalingAdviceOptions } from './scaling-advice.js';

const MIB = 1_048_576;
const OPTIONS: ScalingAdviceOptions = {
  resolutionMs: 60_000,
  horizonMs: 3_600_000,
  minPoints: 10,
  maxUtilization: 0.8,
  targetUtilization: 0.6,
  instances: 1,
  memoryLimitBytes: undefined,
};

function history(n: number, elu: (i: number) => number, rssMiB: (i: number) => number = () => 500): LoadPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    at: Date.UTC(2026, 0, 1, 0, i),
    eventLoopUtilization: elu(i),
    requestsPerSecond: 1_000 * elu(i),
    cpu: elu(i),
    rssBytes: rssMiB(i) * MIB,
    heapUsedBytes: 100 * MIB,
  }));
}

describe('adviseScaling', () => {
  it('says when a rising utilisation crosses the maximum and how many instances keep it under the target', () => {
    // 20%, 21%, … 39% over 20 minutes: +1 point a minute. 80% is (0.80 − 0.39) / 0.01 = 41 min away; in 60 min it
    // is 0.39 + 0.60 = 99% on one instance, so ⌈0.99 / 0.6⌉ = 2 instances keep it under 60%.
    const advice = adviseScaling(
      history(20, (i) => 0.2 + 0.01 * i),
      OPTIONS,
    );
    expect(advice.status).toBe('ok');
    expect(advice.recommendation.text).toBe(
      'At the current trend, event-loop utilisation crosses 80% in ~41 min; 2 instances keep it under 60% for the next 60 min.',
    );
    expect(advice.recommendation.instances).toBe(2);
    expect(advice.recommendation.utilizationCrossesInMinutes).toBeCloseTo(41, 6);
    const elu = advice.forecasts.eventLoopUtilization!;
    expect(elu.now).toBeCloseTo(0.39, 9);
    expect(elu.trendPerMinute).toBeCloseTo(0.01, 9);
    expect(elu.atHorizon.value).toBeCloseTo(0.99, 9);
    expect(elu.rmse).toBeCloseTo(0, 9);
    expect(elu.horizonMinutes).toBe(60);
    // Requests follow the same line: 390/s at 39% is 600/s per instance at 60%.
    expect(advice.requestsPerSecondPerInstanceAtTarget).toBeCloseTo(600, 6);
  });

  it('sizes a flat load for the target, fewer instances included', () => {
    const advice = adviseScaling(
      history(12, () => 0.3),
      { ...OPTIONS, instances: 3 },
    );
    // ⌈3 × 0.3 / 0.6⌉ = 2.
    expect(advice.recommendation.text).toBe(
      'Event-loop utilisation is 30% and, at the current trend, stays under 80% for at least 7 d; 2 instances keep it under 60% for the next 60 min.',
    );
    expect(advice.recommendation.utilizationCrossesInMinutes).toBeNull();
  });

  it('says so when utilisation is over the maximum already', () => {
    const advice = adviseScaling(
      history(12, () => 0.85),
      { ...OPTIONS, instances: 2 },
    );
    // ⌈2 × 0.85 / 0.6⌉ = 3.
    expect(advice.recommendation.text).toBe(
      'Event-loop utilisation is 85%, over 80% now; 3 instances keep it under 60% for the next 60 min.',
    );
    expect(advice.recommendation.utilizationCrossesInMinutes).toBe(0);
  });

  it('says "as now" when the current count is right', () => {
    const advice = adviseScaling(
      history(12, () => 0.25),
      OPTIONS,
    );
    expect(advice.recommendation.text).toBe(
      'Event-loop utilisation is 25% and, at the current trend, stays under 80% for at least 7 d; 1 instance keeps it under 60% for the next 60 min (as now).',
    );
  });

  it('warns when memory reaches 90% of its limit within the horizon', () => {
    // RSS 1000 MiB + 20 MiB a minute: 1380 MiB now; 90% of 2048 MiB is 1843.2 MiB, (1843.2 − 1380) / 20 = 23.16 min.
    const advice = adviseScaling(
      history(
        20,
        () => 0.3,
        (i) => 1_000 + 20 * i,
      ),
      { ...OPTIONS, memoryLimitBytes: 2_048 * MIB },
    );
    expect(advice.recommendation.memoryLimitInMinutes).toBeCloseTo(23.16, 9);
    expect(advice.recommendation.text).toBe(
      'Event-loop utilisation is 30% and, at the current trend, stays under 80% for at least 7 d; 1 instance keeps it under 60% for the next 60 min (as now).' +
        ' Memory (RSS) reaches 90% of its 2048 MiB limit in ~23 min; more instances do not change that.',
    );
  });

  it('waits for enough history', () => {
    const advice = adviseScaling(
      history(5, () => 0.5),
      OPTIONS,
    );
    expect(advice).toEqual({
      status: 'insufficient_history',
      recommendation: {
        instances: null,
        currentInstances: 1,
        utilizationCrossesInMinutes: null,
        memoryLimitInMinutes: null,
        text: 'Not enough history yet: 5 of 10 points of 1 min.',
      },
      forecasts: {},
      requestsPerSecondPerInstanceAtTarget: null,
    });
  });
});

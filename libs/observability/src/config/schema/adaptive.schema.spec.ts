import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../validate-config.js';

function messageOf(adaptive: unknown): string {
  try {
    validateObservabilityConfig({ adaptive });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('observability.adaptive', () => {
  it('is on with conservative budgets, and durations in milliseconds', () => {
    const { adaptive } = validateObservabilityConfig({});
    expect(adaptive).toMatchObject({
      enabled: true,
      interval: 5_000,
      max_event_loop_utilization: 0.9,
      max_requests_per_second: 0,
      max_overhead_share: 0.05,
      recovery_ratio: 0.75,
      step_down_after: 3,
      step_up_after: 6,
      step_factor: 0.5,
      max_level: 4,
      scaling: { path: '/scaling', resolution: 60_000, window: 21_600_000, horizon: 3_600_000, instances: 1 },
    });
  });

  it('names the field and what was expected', () => {
    expect(messageOf({ step_factor: 1.5 })).toContain('- observability.adaptive.step_factor: got 1.5; expected a number from 0.01 to 0.99');
    expect(messageOf({ scaling: { resolution: '1x' } })).toContain(
      '- observability.adaptive.scaling.resolution: got "1x"; expected a duration',
    );
  });

  it('wants the target utilisation below the maximum', () => {
    expect(messageOf({ scaling: { target_utilization: 0.8, max_utilization: 0.7 } })).toContain(
      '- observability.adaptive.scaling.target_utilization: got 0.8; expected below scaling.max_utilization (0.7)',
    );
  });

  it('wants history points no shorter than the interval, and a window that holds min_points of them', () => {
    expect(messageOf({ interval: '10s', scaling: { resolution: '5s' } })).toContain(
      '- observability.adaptive.scaling.resolution: got 5000; expected at least interval (10000 ms)',
    );
    expect(messageOf({ scaling: { resolution: '1h', window: '2h' } })).toContain(
      '- observability.adaptive.scaling.window: got 7200000; expected at least scaling.min_points × scaling.resolution (36000000 ms)',
    );
  });
});

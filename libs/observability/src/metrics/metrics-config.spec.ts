import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ObservabilityConfigError, validateObservabilityConfig } from '../config/index.js';

function problems(metrics: unknown): string {
  try {
    validateObservabilityConfig({ metrics });
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('observability.metrics', () => {
  it('has working defaults for every field', () => {
    const { metrics } = validateObservabilityConfig({});
    expect(metrics).toMatchObject({
      enabled: true,
      path: '/metrics',
      namespace: 'app',
      series_limit: 2000,
      per_metric_limits: {},
      label_value_max_length: 128,
      request_metrics: true,
      exemplars: true,
    });
    expect(metrics.ai.prices).toEqual({});
    expect(metrics.ai.latency_buckets[0]).toBe(0.05);
    expect(metrics.port).toBeUndefined();
  });

  it('names the field, the value and what was expected for price tables, limits and buckets', () => {
    expect(problems({ ai: { prices: { 'gpt-x': { input_per_1m: -1, output_per_1m: 2 } } } })).toContain(
      'observability.metrics.ai.prices: got {"gpt-x":{"input_per_1m":-1,"output_per_1m":2}}; expected a map of model name to { input_per_1m, output_per_1m } (non-negative USD per 1M tokens)',
    );
    expect(problems({ per_metric_limits: { requests_total: 0 } })).toContain(
      'observability.metrics.per_metric_limits: got {"requests_total":0}; expected a map of metric name to an integer from 1 to 1000000',
    );
    expect(problems({ ai: { latency_buckets: [1, 0.5] } })).toContain(
      'observability.metrics.ai.latency_buckets: got [1,0.5]; expected a non-empty, strictly increasing list of positive numbers',
    );
    expect(problems({ label_value_max_length: 2 })).toContain(
      'observability.metrics.label_value_max_length: got 2; expected an integer from 8 to 4096',
    );
  });
});

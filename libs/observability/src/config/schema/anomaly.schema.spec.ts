import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../validate-config.js';

function messageOf(anomaly: unknown): string {
  try {
    validateObservabilityConfig({ alerts: { anomaly } });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('observability.alerts.anomaly', () => {
  it('keeps baselines in memory by default, saved every 5m when a state file is set, 1000 series at most', () => {
    expect(validateObservabilityConfig({}).alerts.anomaly).toMatchObject({ save_interval: 300_000, max_series: 1000 });
    expect(validateObservabilityConfig({}).alerts.anomaly.state_file).toBeUndefined();
    expect(
      validateObservabilityConfig({ alerts: { anomaly: { state_file: 'var/anomaly.json', save_interval: '30s' } } }).alerts.anomaly,
    ).toMatchObject({
      state_file: 'var/anomaly.json',
      save_interval: 30_000,
    });
  });

  it('names the field, the value and what it expects', () => {
    const message = messageOf({ state_file: '', save_interval: 'often', max_series: 0, statefile: 'x' });
    expect(message).toContain('observability.alerts.anomaly.state_file: got ""; expected a string of at least 1 characters');
    expect(message).toContain('observability.alerts.anomaly.save_interval: got "often"; expected');
    expect(message).toContain('observability.alerts.anomaly.max_series: got 0; expected an integer from 1 to 100000');
    expect(message).toContain('observability.alerts.anomaly.statefile');
  });
});

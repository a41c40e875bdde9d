import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ObservabilityConfigError, validateObservabilityConfig } from '../../config/index.js';
import { fatigueFromConfig } from './fatigue-from-config.js';

function messageOf(alerts: Record<string, unknown>): string {
  try {
    validateObservabilityConfig({ alerts });
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('alerts fatigue configuration', () => {
  it('defaults: flap detection on (10m of 15s evaluations), correlation, inhibition and rate limits off', () => {
    const stages = fatigueFromConfig(validateObservabilityConfig({}).alerts);
    expect(Object.keys(stages)).toEqual(['flapHold']);
  });

  it('builds every stage its section turns on', () => {
    const { alerts } = validateObservabilityConfig({
      alerts: {
        inhibit_rules: [{ source_matchers: ['alertname="A"'], target_matchers: ['severity="warning"'], equal: ['provider'] }],
        correlation: { enabled: true, upstream: ['alertname=~"Provider.*"'] },
        flapping: { enabled: false },
        rate_limit: { max_per_rule: 3 },
      },
    });
    expect(Object.keys(fatigueFromConfig(alerts)).sort()).toEqual(['correlator', 'inhibitor', 'rateLimiter']);
  });

  it('refuses bad values naming the field and what was expected', () => {
    const message = messageOf({
      inhibit_rules: [{ source_matchers: ['alertname="A"'], target_matchers: [], equal: ['not a label'] }],
      correlation: { min_correlation: 1.5, labels: 'endpoint' },
      flapping: { high_threshold: 0.1, low_threshold: 0.3 },
      rate_limit: { max_notifications: -1, window: 'soon' },
    });
    expect(message.split('\n').slice(1).sort()).toEqual([
      '  - observability.alerts.correlation.labels: got "endpoint"; expected a list of label names',
      '  - observability.alerts.correlation.min_correlation: got 1.5; expected a number from 0 to 1',
      '  - observability.alerts.inhibit_rules.0.equal: got ["not a label"]; expected a list of label names',
      '  - observability.alerts.rate_limit.max_notifications: got -1; expected an integer from 0 to 1000000',
      '  - observability.alerts.rate_limit.window: got "soon"; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 1000ms and 604800000ms',
    ]);
    expect(
      messageOf({
        inhibit_rules: [{ source_matchers: ['alertname="A"'], target_matchers: [] }],
        flapping: { high_threshold: 0.1, low_threshold: 0.3 },
      })
        .split('\n')
        .slice(1),
    ).toEqual([
      '  - observability.alerts.flapping.low_threshold: got 0.3; expected a number at most high_threshold (0.1)',
      '  - observability.alerts.inhibit_rules.0.target_matchers: got []; expected at least one matcher',
    ]);
  });

  it('names the field of a matcher that only fails when compiled', () => {
    const { alerts } = validateObservabilityConfig({ alerts: { correlation: { enabled: true, upstream: ['alertname=~"("'] } } });
    expect(() => fatigueFromConfig(alerts)).toThrow('observability.alerts.correlation.upstream[0]: "(" is not a valid regular expression');
  });
});

import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ObservabilityConfigError } from './config.errors.js';
import { ObservabilityConfig } from './schema/observability.schema.js';
import { validateSync } from './schema/class-validator.js';
import { validateObservabilityConfig } from './validate-config.js';

function issuesOf(input: unknown): string {
  try {
    validateObservabilityConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('validateObservabilityConfig', () => {
  it('fills every default when given nothing', () => {
    const config = validateObservabilityConfig(undefined);
    expect(config.logging.level).toBe('info');
    expect(config.logging.format).toBe('json');
    expect(config.logging.loki.batch_size).toBe(100);
    expect(config.logging.loki.flush_interval).toBe(1000);
    expect(config.metrics.path).toBe('/metrics');
    expect(config.metrics.buckets).toEqual([0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512]);
    expect(config.health.timeout).toBe(5000);
    expect(config.tracing.sample_rate).toBe(0.01);
    expect(config.management.token).toBeUndefined();
  });

  it('has defaults that pass its own rules: sections an input leaves out are not validated again', () => {
    const defaults = new ObservabilityConfig();
    const errors = validateSync(defaults, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    expect(errors.map((e) => e.property)).toEqual([]);
    // A section given alone is validated alone, with the paths and messages of the whole file.
    expect(issuesOf({ tracing: { sample_rate: 2 } })).toContain('observability.tracing.sample_rate: got 2; expected');
  });

  it('keeps given values and converts durations to milliseconds', () => {
    const config = validateObservabilityConfig({
      logging: { level: 'debug', loki: { flush_interval: '250ms', labels: { service: 'a' } } },
      metrics: { retention: '15d', collection_interval: '1m' },
    });
    expect(config.logging.level).toBe('debug');
    expect(config.logging.format).toBe('json');
    expect(config.logging.loki.flush_interval).toBe(250);
    expect(config.logging.loki.labels).toEqual({ service: 'a' });
    expect(config.metrics.retention).toBe(15 * 86_400_000);
    expect(config.metrics.collection_interval).toBe(60_000);
  });

  it('lists every bad field by path, value and expectation', () => {
    const message = issuesOf({
      logging: { level: 'loud', loki: { batch_size: 'abc', flush_interval: 'soon' } },
      metrics: { port: 70000, namepsace: 'x' },
    });
    expect(message).toContain('5 problems');
    expect(message).toContain(
      'observability.logging.level: got "loud"; expected one of "trace", "debug", "info", "warn", "error", "fatal", "silent"',
    );
    expect(message).toContain('observability.logging.loki.batch_size: got "abc"; expected an integer from 1 to 100000');
    expect(message).toContain(
      'observability.logging.loki.flush_interval: got "soon"; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 10ms and 60000ms',
    );
    expect(message).toContain('observability.metrics.port: got 70000; expected an integer from 1 to 65535');
    expect(message).toContain('observability.metrics.namepsace: got a value (not shown); expected no such key (did you mean "namespace"?)');
  });

  it('never prints a secret, even when it is the bad value', () => {
    const message = issuesOf({ management: { token: 'short' } });
    expect(message).toContain('observability.management.token: got "[REDACTED]"; expected a string of at least 16 characters');
    expect(message).not.toContain('short');
  });

  it('rejects a log file whose directory does not exist, at startup', () => {
    expect(issuesOf({ logging: { output: '/nonexistent-dir/app.log' } })).toContain(
      'observability.logging.output: got "/nonexistent-dir/app.log"; expected "stdout", "stderr" or a writable file path (directory /nonexistent-dir does not exist)',
    );
  });

  it('rejects an unknown section and a non-mapping section', () => {
    const message = issuesOf({ loging: {}, metrics: 5 });
    expect(message).toContain('observability.loging: got a value (not shown); expected no such key (did you mean "logging"?)');
    expect(message).toContain('observability.metrics: got 5; expected a mapping of names to values');
  });
});

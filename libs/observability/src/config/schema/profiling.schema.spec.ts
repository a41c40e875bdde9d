import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../validate-config.js';

function messageOf(profiling: unknown): string {
  try {
    validateObservabilityConfig({ profiling });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('observability.profiling', () => {
  it('is off by default, with bounded stores and no backend', () => {
    const { profiling } = validateObservabilityConfig({});
    expect(profiling).toMatchObject({
      enabled: false,
      endpoints: false,
      keep: 10,
      interval: 60_000,
      cpu_duration: 10_000,
      pgo_enabled: false,
    });
    expect(profiling.pyroscope_endpoint).toBeUndefined();
  });

  it('rejects pgo_enabled: true and says why (the seed keeps the key set to false)', () => {
    expect(messageOf({ pgo_enabled: true })).toContain(
      "- observability.profiling.pgo_enabled: got true; expected false: Go's profile-guided optimisation has no V8 equivalent",
    );
  });

  it('wants the CPU capture shorter than the interval between captures', () => {
    expect(messageOf({ interval: '30s', cpu_duration: '30s' })).toContain(
      '- observability.profiling.cpu_duration: got 30000; expected shorter than profiling.interval (30000ms)',
    );
  });

  it('wants cpu_duty_cycle in (0, 1], continuous by default', () => {
    expect(validateObservabilityConfig({}).profiling.cpu_duty_cycle).toBe(1);
    expect(validateObservabilityConfig({ profiling: { cpu_duty_cycle: 0.25 } }).profiling.cpu_duty_cycle).toBe(0.25);
    for (const bad of [0, 1.5, '1/4']) {
      expect(messageOf({ cpu_duty_cycle: bad })).toContain(
        `- observability.profiling.cpu_duty_cycle: got ${JSON.stringify(bad)}; expected a number from 0.01 to 1`,
      );
    }
  });

  it('never prints the Pyroscope token', () => {
    const message = messageOf({ pyroscope_token: 42, keep: 0 });
    expect(message).toContain('observability.profiling.pyroscope_token: got "[REDACTED]"');
    expect(message).not.toContain('42');
  });
});

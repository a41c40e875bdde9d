import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../config/index.js';

function problems(health: unknown): string {
  try {
    validateObservabilityConfig({ health });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('observability.health', () => {
  it('has defaults that work with nothing configured', () => {
    const { health } = validateObservabilityConfig({});
    expect(health).toMatchObject({
      enabled: true,
      path: '/health',
      timeout: 5_000,
      interval: 30_000,
      show_details: 'when_authorized',
      drain_delay: 0,
    });
    expect(health.port).toBeUndefined();
    expect(health.checks.memory).toMatchObject({ enabled: true });
    expect(health.checks.memory.max_heap_used_mb).toBeUndefined();
    expect(health.checks.disk).toMatchObject({ enabled: true, path: '/', max_used_percent: 95 });
    expect(health.checks.event_loop).toMatchObject({ enabled: true, max_p99: 1_000, window: 10_000 });
    expect(health.checks.llm.enabled).toBe(true);
    expect(health.checks.http).toEqual([]);
  });

  it('reads durations and HTTP dependencies', () => {
    const { health } = validateObservabilityConfig({
      health: {
        drain_delay: '10s',
        checks: { event_loop: { max_p99: '250ms' }, http: [{ name: 'payments', url: 'https://pay.internal/health' }] },
      },
    });
    expect(health.drain_delay).toBe(10_000);
    expect(health.checks.event_loop.max_p99).toBe(250);
    expect(health.checks.http).toEqual([
      expect.objectContaining({ name: 'payments', url: 'https://pay.internal/health', expected_status: 200 }),
    ]);
  });

  it('names the path, the value and what was expected for each bad field', () => {
    const message = problems({
      drain_delay: 'later',
      show_details: 'sometimes',
      checks: { disk: { max_used_percent: 120 }, http: [{ name: 'Pay Ments', url: 'ftp://x', expected_status: 42, verb: 'GET' }] },
    });
    expect(message).toContain(
      'observability.health.drain_delay: got "later"; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 0ms and 300000ms',
    );
    expect(message).toContain('observability.health.show_details: got "sometimes"; expected one of "always", "never", "when_authorized"');
    expect(message).toContain('observability.health.checks.disk.max_used_percent: got 120; expected an integer from 1 to 100');
    expect(message).toContain(
      'observability.health.checks.http.0.name: got "Pay Ments"; expected a check name: lowercase letters, digits and _, starting with a letter (at most 63 characters)',
    );
    expect(message).toContain('observability.health.checks.http.0.url: got "ftp://x"; expected an absolute http:// or https:// URL');
    expect(message).toContain('observability.health.checks.http.0.expected_status: got 42; expected an integer from 100 to 599');
    expect(message).toContain('observability.health.checks.http.0.verb: got a value (not shown); expected no such key');
  });

  it('refuses two HTTP dependencies with one name', () => {
    const message = problems({
      checks: {
        http: [
          { name: 'a', url: 'http://x/' },
          { name: 'a', url: 'http://y/' },
        ],
      },
    });
    expect(message).toContain(
      'observability.health.checks.http: got [{"expected_status":200,"name":"a","url":"http://x/"},{"expected_status":200,"name":"a","url":"http://y/"}]',
    );
    expect(message).toContain(
      'expected a list of at most 50 mappings (name, url, expected_status) with unique names; "a" appears more than once',
    );
  });
});

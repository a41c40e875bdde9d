import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../../config/index.js';

const messageOf = (loki: Record<string, unknown>): string => {
  try {
    validateObservabilityConfig({ logging: { loki: { enabled: true, endpoint: 'http://loki:3100/loki/api/v1/push', ...loki } } });
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

const LABELS_EXPECTED =
  'a map of at most 15 Loki labels: names matching [a-zA-Z_][a-zA-Z0-9_]* (not starting with "__", at most 1024 characters) to non-empty string values of at most 2048 characters';

describe('logging.loki configuration', () => {
  it('has defaults that hold 60 s at 2,000 lines/s within 32 MiB and end a shutdown within 3 s', () => {
    const { loki } = validateObservabilityConfig({}).logging;
    expect(loki).toMatchObject({
      level_label: true,
      structured_metadata: ['trace_id', 'span_id', 'request_id', 'user_id'],
      batch_size: 100,
      flush_interval: 1_000,
      timeout: 5_000,
      max_in_flight: 2,
      min_backoff: 500,
      max_backoff: 30_000,
      buffer_max_entries: 200_000,
      buffer_max_bytes: 32 * 1024 * 1024,
      shutdown_timeout: 3_000,
    });
    expect(loki.buffer_max_entries).toBeGreaterThanOrEqual(60 * 2_000);
  });

  it.each([
    ['16 labels', Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`l${i}`, 'v']))],
    ['a name of 1025 characters', { ['n'.repeat(1025)]: 'v' }],
    ['a value of 2049 characters', { service: 'v'.repeat(2049) }],
    ['an empty value', { service: '' }],
    ['a reserved name', { __name__: 'x' }],
    ['an invalid name', { 'app-name': 'x' }],
  ])('rejects labels with %s at startup, naming the field', (_case, labels) => {
    expect(messageOf({ labels })).toContain(`observability.logging.loki.labels: got `);
    expect(messageOf({ labels })).toContain(`; expected ${LABELS_EXPECTED}`);
  });

  it('counts the level label against Loki’s 15', () => {
    const labels = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`l${i}`, 'v']));
    expect(messageOf({ labels })).toContain('observability.logging.loki.labels: got ["l0","l1"');
    expect(messageOf({ labels })).toContain('expected at most 14 labels, since level_label adds "level" (Loki accepts 15)');
    expect(messageOf({ labels, level_label: false })).toBe('');
    expect(messageOf({ labels: { level: 'x' } })).toContain('expected no static "level" label while level_label is true');
  });

  it('checks the cross-field rules: backoff order, buffer ≥ what can be in flight, auth pairs, reserved headers', () => {
    expect(messageOf({ min_backoff: '10s', max_backoff: '1s' })).toContain(
      'observability.logging.loki.min_backoff: got 10000; expected a duration no longer than max_backoff (1000ms)',
    );
    expect(messageOf({ buffer_max_entries: 100, batch_size: 100 })).toContain(
      'observability.logging.loki.buffer_max_entries: got 100; expected at least batch_size × (max_in_flight + 1) = 300',
    );
    expect(messageOf({ username: 'u' })).toContain(
      'observability.logging.loki.password: got nothing; expected both username and password for basic auth, or neither',
    );
    expect(messageOf({ headers: { Authorization: 'x' } })).toContain('observability.logging.loki.headers: got ["Authorization"]');
    expect(messageOf({ max_in_flight: 3 })).toContain('observability.logging.loki.max_in_flight: got 3; expected an integer from 1 to 2');
    expect(messageOf({ timeout: '2m' })).toContain(
      'observability.logging.loki.timeout: got 120000; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 100ms and 60000ms',
    );
  });

  it('never prints a secret in a configuration error', () => {
    const message = messageOf({ bearer_token: 'tok-123', username: 'u', password: 'pw-456' });
    expect(message).toContain('observability.logging.loki.bearer_token: got "[REDACTED]"');
    expect(message).not.toContain('tok-123');
    expect(message).not.toContain('pw-456');
  });
});

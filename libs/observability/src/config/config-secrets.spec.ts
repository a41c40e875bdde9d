import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ObservabilityConfigError } from './config.errors.js';
import { loadObservabilityConfig } from './load-config.js';

/** Every place a configuration error could print a secret, each with its own planted value. */
const FILE = `
observability:
  logging:
    loki:
      enabled: true
      endpoint: 'ftp://loki:CFG-SECRET-1@loki.internal/push?token=CFG-SECRET-2'
      bearer_tokn: CFG-SECRET-3
      batch_size: \${BATCH_FROM_ENV}
  tracing:
    endpoint: 'gopher://otel:CFG-SECRET-4@collector?api_key=CFG-SECRET-5'
  profiling:
    pyroscope_endpoint: 'ws://py:CFG-SECRET-6@pyroscope:4040'
  health:
    checks:
      http:
        - name: payments
          url: 'mailto://pay:CFG-SECRET-7@payments.internal/health?%74oken=CFG-SECRET-8'
  alerts:
    notification:
      slack:
        webhok_url: 'https://hooks.slack.com/services/CFG-SECRET-9'
`;

describe('configuration errors', () => {
  it('name every bad field without printing a secret, a URL credential or a value from the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-secrets-'));
    const file = join(dir, 'observability.yaml');
    writeFileSync(file, FILE);
    let error: unknown;
    try {
      loadObservabilityConfig(file, { env: { BATCH_FROM_ENV: 'CFG-SECRET-10' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    const config = error as ObservabilityConfigError;
    // What a user sees: the message, and what Node prints for an uncaught error (issues included).
    const printed = [config.message, inspect(config, { depth: 10 }), JSON.stringify(config.issues)].join('\n');
    expect(printed.match(/CFG-SECRET-\d+/g) ?? []).toEqual([]);
    // Node's dump of an uncaught error shows the message once, not the issues again.
    expect(inspect(config)).not.toContain('issues:');
    expect(config.message).toContain(
      'observability.logging.loki.batch_size: got the value of ${BATCH_FROM_ENV} (not shown); expected an integer',
    );
    expect(config.message).toContain(
      'observability.logging.loki.bearer_tokn: got a value (not shown); expected no such key (did you mean "bearer_token"?)',
    );
    expect(config.message).toContain(
      'observability.alerts.notification.slack.webhok_url: got a value (not shown); expected no such key (did you mean "webhook_url"?)',
    );
    expect(config.message).toContain('observability.logging.loki.endpoint: got "ftp://[REDACTED]@loki.internal/push?token=[REDACTED]"');
    expect(config.message).toContain('observability.tracing.endpoint: got "gopher://[REDACTED]@collector?api_key=[REDACTED]"');
    expect(config.message).toContain('observability.profiling.pyroscope_endpoint: got "ws://[REDACTED]@pyroscope:4040"');
    expect(config.message).toContain(
      'observability.health.checks.http.0.url: got "mailto://[REDACTED]@payments.internal/health?%74oken=[REDACTED]"',
    );
  });
});

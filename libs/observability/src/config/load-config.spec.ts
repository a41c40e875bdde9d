import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ObservabilityConfigError } from './config.errors.js';
import { loadObservabilityConfig } from './load-config.js';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'obs-config-')), 'observability.yaml');
  writeFileSync(path, content);
  return path;
}

function failure(path: string, env: Record<string, string> = {}): ObservabilityConfigError {
  try {
    loadObservabilityConfig(path, { env });
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    return error as ObservabilityConfigError;
  }
  throw new Error('expected the file to be rejected');
}

describe('loadObservabilityConfig', () => {
  it('resolves alerts.rules_file against the configuration file, not the working directory', () => {
    const path = file('observability:\n  alerts:\n    rules_file: rules/alert_rules.yaml\n');
    expect(loadObservabilityConfig(path).alerts.rules_file).toBe(join(path, '..', 'rules', 'alert_rules.yaml'));
    expect(loadObservabilityConfig(file('observability:\n  alerts:\n    rules_file: /etc/rules.yaml\n')).alerts.rules_file).toBe(
      '/etc/rules.yaml',
    );
  });

  it('resolves alerts.anomaly.state_file against the configuration file too', () => {
    const path = file('observability:\n  alerts:\n    anomaly: { state_file: var/anomaly.json }\n');
    expect(loadObservabilityConfig(path).alerts.anomaly.state_file).toBe(join(path, '..', 'var', 'anomaly.json'));
  });

  it('interpolates ${VAR} and ${VAR:-default}, typed when the whole value is one reference', () => {
    const path = file(
      `observability:
  logging:
    level: \${LOG_LEVEL:-warn}
    loki:
      enabled: \${LOKI_ON:-false}
      endpoint: "http://\${LOKI_HOST}:3100/loki/api/v1/push"
      batch_size: \${BATCH:-250}
      labels:
        environment: \${ENVIRONMENT:-dev}
  management:
    token: \${OBSERVABILITY_TOKEN:-}
  metrics:
    path: "/metrics$\${literal}"
`.replace('$${literal}', ''),
    );
    const config = loadObservabilityConfig(path, { env: { LOKI_HOST: 'loki.internal', BATCH: '500' } });
    expect(config.logging.level).toBe('warn');
    expect(config.logging.loki.enabled).toBe(false);
    expect(config.logging.loki.endpoint).toBe('http://loki.internal:3100/loki/api/v1/push');
    expect(config.logging.loki.batch_size).toBe(500);
    expect(config.logging.loki.labels).toEqual({ environment: 'dev' });
    expect(config.management.token).toBeUndefined();
  });

  it('names every bad field of the file with its value and what was expected', () => {
    const path = file(`observability:
  logging:
    format: xml
    loki:
      batch_size: "lots"
      flush_interval: "1 second"
  metrics:
    port: 99999
    colection_interval: "15s"
  health:
    timeout: -5
  alerts:
    notification:
      slack:
        webhook_url: \${SLACK_WEBHOOK_URL}
`);
    const error = failure(path);
    expect(error.message).toBe(
      [
        `Invalid observability configuration (${path}): 7 problems`,
        '  - observability.alerts.notification.slack.webhook_url: got "${SLACK_WEBHOOK_URL}"; expected environment variable SLACK_WEBHOOK_URL to be set (or a default: ${SLACK_WEBHOOK_URL:-value})',
        '  - observability.health.timeout: got -5; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 1ms and 300000ms',
        '  - observability.logging.format: got "xml"; expected one of "json", "text"',
        '  - observability.logging.loki.batch_size: got "lots"; expected an integer from 1 to 100000',
        '  - observability.logging.loki.flush_interval: got "1 second"; expected a duration such as "500ms", "1s", "15s", "1m", "2h", "15d" between 10ms and 60000ms',
        '  - observability.metrics.colection_interval: got a value (not shown); expected no such key (did you mean "collection_interval"?); known keys here: ' +
          error.message.split('known keys here: ')[1]!.split('\n')[0],
        '  - observability.metrics.port: got 99999; expected an integer from 1 to 65535',
      ].join('\n'),
    );
    expect(error.issues.map((i) => i.path)).toContain('observability.metrics.colection_interval');
  });

  it('reports a YAML syntax error with file:line:column', () => {
    const path = file('observability:\n  logging:\n    level: info\n   format: json\n');
    const error = failure(path);
    expect(error.message).toMatch(
      new RegExp(
        `^Invalid observability configuration \\(${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): 1 problem\\n  - ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:1: got "BAD_INDENT"; expected valid YAML`,
      ),
    );
  });

  it('rejects a file without the observability key, an unknown top-level key and a missing file', () => {
    expect(failure(file('logging:\n  level: info\n')).message).toContain(
      'observability: got nothing; expected a top-level "observability:" key',
    );
    expect(failure(file('observability: {}\nextra: 1\n')).message).toContain(
      '  - extra: got a value (not shown); expected no such key; the file\'s only top-level key is "observability"',
    );
    expect(failure('/nonexistent/observability.yaml').message).toContain('expected a readable YAML file (the file does not exist)');
  });

  it('reports an unclosed quote where it opened, not where the file ends', () => {
    const path = file('observability:\n  logging:\n    level: "info\n  metrics:\n    enabled: true\n    path: /metrics\n');
    expect(failure(path).message).toContain(
      `${path}:3:12: got "MISSING_CHAR"; expected valid YAML (a double quote opened here is never closed)`,
    );
  });

  it('rejects duplicate keys (the second would silently win)', () => {
    expect(failure(file('observability:\n  logging:\n    level: info\n    level: debug\n')).message).toContain('DUPLICATE_KEY');
  });
});

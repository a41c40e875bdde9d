import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertRulesError } from './alert-rules.error.js';
import { loadRules } from './load-rules.js';
import { parseRules } from './parse-rules.js';

function failure(text: string): AlertRulesError {
  try {
    parseRules(text, '/etc/app/alert_rules.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(AlertRulesError);
    return error as AlertRulesError;
  }
  throw new Error('expected the rules to be rejected');
}

describe('parseRules', () => {
  it('reads the seed fields plus operator, keep_firing_for, labels and annotations', () => {
    const [rule] = parseRules(
      `rules:
  - name: HighErrorRate
    condition: sum by (route) (rate(app_http_requests_total{status=~"5.."}[5m]))
    threshold: 0.5
    operator: '>='
    duration: 2m
    keep_firing_for: 30s
    severity: critical
    description: 'Errors on {{ $labels.route }}: {{ $value }}/s'
    labels: { team: platform }
    annotations:
      summary: error rate
`,
      'rules.yaml',
    );
    expect(rule).toMatchObject({
      name: 'HighErrorRate',
      threshold: 0.5,
      operator: '>=',
      forMs: 120_000,
      keepFiringForMs: 30_000,
      severity: 'critical',
      labels: { team: 'platform' },
      annotations: { description: 'Errors on {{ $labels.route }}: {{ $value }}/s', summary: 'error rate' },
      lookbackMs: 300_000,
    });
  });

  it('defaults operator to >, severity to warning, for and keep_firing_for to 0', () => {
    const [rule] = parseRules('rules:\n  - { name: Up, condition: up, threshold: 0 }\n', 'rules.yaml');
    expect(rule).toMatchObject({ operator: '>', severity: 'warning', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {} });
  });

  it('names the file, line, rule and position of a syntax error and an unknown function', () => {
    const error = failure(`rules:
  - name: Good
    condition: up
    threshold: 1
  - name: Broken
    threshold: 1
    condition: 'sum(rate(x[5m])'
  - name: Unknown
    condition: foo(bar)
    threshold: 1
`);
    expect(error.message).toBe(
      [
        'Invalid alert rules in /etc/app/alert_rules.yaml: 2 problems',
        '  - /etc/app/alert_rules.yaml:7 rule "Broken" condition: unexpected end of expression at position 16 of "sum(rate(x[5m])"',
        '  - /etc/app/alert_rules.yaml:9 rule "Unknown" condition: unknown function "foo" at position 1 of "foo(bar)"',
      ].join('\n'),
    );
  });

  it('lists missing and mistyped fields, unknown keys, bad labels, templates and duplicate names', () => {
    const error = failure(`rules:
  - name: A
    condition: up
    threshold: high
    operator: '=>'
    duration: soon
    severty: page
    labels: { alertname: x }
    annotations: { summary: '{{ humanize $value }}' }
  - name: A
    condition: up
    threshold: 1
  - threshold: 1
    condition: rate(up[5m])[1m]
  - name: Scalar
    condition: '1 + 1'
    threshold: 1
  - name: Has spaces
    condition: up
    threshold: 1
`);
    expect(error.issues.map((i) => `${i.line} ${i.rule} ${i.field}`)).toEqual([
      '7 A severty',
      '4 A threshold',
      '5 A operator',
      '6 A duration',
      '8 A labels.alertname',
      '9 A summary',
      '10 A name',
      '13 #3 name',
      '14 #3 condition',
      '16 Scalar condition',
      '18 Has spaces name',
    ]);
    expect(error.issues[9]!.problem).toBe('the condition must be an instant vector, got a scalar');
  });

  it('reads a type: anomaly rule: sensitivity as its threshold, warm-up defaulting to an hour or one period', () => {
    const [plain, seasonal] = parseRules(
      `rules:
  - name: ChatLatencyAnomaly
    type: anomaly
    condition: sum by (route) (rate(app_request_seconds_sum[5m]))
    sensitivity: 0.9
    duration: 2m
    description: '{{ $labels.route }}: {{ $observed }} against {{ $expected }} (score {{ $value }})'
  - { name: Weekly, type: anomaly, condition: up, seasonality: weekly }
`,
      'rules.yaml',
    );
    expect(plain).toMatchObject({ threshold: 0.9, operator: '>', forMs: 120_000, anomaly: { sensitivity: 0.9, warmupMs: 3_600_000 } });
    expect(seasonal).toMatchObject({ threshold: 0.8, anomaly: { sensitivity: 0.8, warmupMs: 604_800_000, seasonality: 'weekly' } });
  });

  it('names the file, line, rule and field of every problem of an anomaly rule', () => {
    const error = failure(`rules:
  - name: A
    type: anomaly
    condition: up
    threshold: 3
    sensitivity: 1.5
    warmup: forever
    seasonality: monthly
    description: '{{ $observed | humanize }}'
  - name: B
    condition: up
    threshold: 1
    sensitivity: 0.5
    annotations: { summary: '{{ $expected }}' }
  - { name: C, type: outlier, condition: up, threshold: 1 }
`);
    expect(error.message.split('\n').slice(1)).toEqual([
      '  - /etc/app/alert_rules.yaml:5 rule "A" threshold: not used by a type: anomaly rule, which learns its threshold per series; set sensitivity (a score in (0, 1)) instead',
      '  - /etc/app/alert_rules.yaml:6 rule "A" sensitivity: got 1.5; expected a score between 0 and 1 such as 0.8',
      '  - /etc/app/alert_rules.yaml:8 rule "A" seasonality: got "monthly"; expected daily, weekly or none',
      '  - /etc/app/alert_rules.yaml:7 rule "A" warmup: got "forever"; expected a duration such as "30s", "5m" or "1h"',
      '  - /etc/app/alert_rules.yaml:9 rule "A" description: template {{ $observed | humanize }} is not supported; use {{ $value }}, {{ $observed }}, {{ $expected }} or {{ $labels.<name> }}',
      '  - /etc/app/alert_rules.yaml:13 rule "B" sensitivity: only type: anomaly rules have this field',
      '  - /etc/app/alert_rules.yaml:14 rule "B" summary: template {{ $expected }} is not supported; use {{ $value }} or {{ $labels.<name> }}',
      '  - /etc/app/alert_rules.yaml:15 rule "C" type: got "outlier"; expected threshold or anomaly',
    ]);
  });

  it('refuses a file without a rules list, and says when the file does not exist', () => {
    expect(failure('groups: []\n').message).toContain(':1 rules: expected a top-level "rules:" list');
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    expect(() => loadRules(join(dir, 'missing.yaml'))).toThrow(
      `Alert rules file ${join(dir, 'missing.yaml')} cannot be read: the file does not exist.`,
    );
    writeFileSync(join(dir, 'ok.yaml'), 'rules: []\n');
    expect(loadRules(join(dir, 'ok.yaml'))).toEqual([]);
  });
});

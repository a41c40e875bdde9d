import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRules } from '../rules/parse-rules.js';
import { main } from './cli.js';
import { exportRules } from './export-rules.js';
import { prometheusDuration } from './prometheus-duration.js';

const RULES = `rules:
  - name: HighErrorRate
    condition: |
      sum by (route) (rate(app_requests_total{status_code=~"5.."}[5m]))
    threshold: 0.05
    operator: '>='
    duration: 90s
    keep_firing_for: 1m
    severity: critical
    description: '{{ $labels.route }} fails at {{ $value }}/s'
    labels: { team: core }
  - name: Up
    condition: up
    threshold: 1
    operator: '<'
`;

describe('exportRules', () => {
  it('writes a Prometheus rule group: expr (condition) op threshold, for, keep_firing_for, labels, annotations', () => {
    expect(exportRules(parseRules(RULES, 'rules.yaml'), { intervalMs: 15_000 })).toBe(`groups:
  - name: nestjs-observability
    interval: 15s
    rules:
      - alert: HighErrorRate
        expr: (sum by (route) (rate(app_requests_total{status_code=~"5.."}[5m]))) >= 0.05
        for: 1m30s
        keep_firing_for: 1m
        labels:
          severity: critical
          team: core
        annotations:
          description: "{{ $labels.route }} fails at {{ $value }}/s"
      - alert: Up
        expr: (up) < 1
        labels:
          severity: warning
`);
  });

  it('leaves anomaly rules out with a comment line each, and the command warns about each on stderr', () => {
    const rules = `${RULES}  - name: ChatLatencyAnomaly
    type: anomaly
    condition: sum(rate(app_request_duration_seconds_sum[5m]))
`;
    const comment =
      '# rule "ChatLatencyAnomaly" (type: anomaly) is not exported: its threshold is learnt in-process per series, which Prometheus cannot do\n';
    const text = exportRules(parseRules(rules, 'rules.yaml'));
    expect(text).toBe(comment + exportRules(parseRules(RULES, 'rules.yaml')));
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    writeFileSync(join(dir, 'rules.yaml'), rules);
    const out: string[] = [];
    const err: string[] = [];
    expect(
      main(
        ['export-rules', join(dir, 'rules.yaml')],
        (t) => void out.push(t),
        (t) => void err.push(t),
      ),
    ).toBe(0);
    expect(out.join('')).toBe(text);
    expect(err).toEqual([`warning: ${comment.slice(2)}`]);
  });

  it('formats durations in whole Prometheus units', () => {
    expect([0, 500, 15_000, 90_000, 3_600_000 + 1_500].map(prometheusDuration)).toEqual(['0s', '500ms', '15s', '1m30s', '1h1s500ms']);
  });

  it('is the export-rules command: stdout or --output, errors on stderr with exit code 1, usage with 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    writeFileSync(join(dir, 'rules.yaml'), RULES);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  - { name: X, condition: "rate(x)", threshold: 1 }\n');
    const out: string[] = [];
    const err: string[] = [];
    const run = (...args: string[]) =>
      main(
        args,
        (t) => void out.push(t),
        (t) => void err.push(t),
      );
    expect(run('export-rules', join(dir, 'rules.yaml'))).toBe(0);
    expect(out.join('')).toContain('alert: HighErrorRate');
    expect(run('export-rules', join(dir, 'bad.yaml'))).toBe(1);
    expect(err.join('')).toContain(`${join(dir, 'bad.yaml')}:2 rule "X" condition: argument 1 of rate() must be a range vector`);
    expect(run('export')).toBe(2);
    expect(err.join('')).toContain('Usage: nestjs-observability export-rules <alert_rules.yaml>');
  });
});

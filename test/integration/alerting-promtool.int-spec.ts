import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../libs/observability/src/alerting/export/cli.js';
import { exportRules } from '../../libs/observability/src/alerting/export/export-rules.js';
import type { Alert } from '../../libs/observability/src/alerting/interfaces/alert.interface.js';
import { RuleEvaluator } from '../../libs/observability/src/alerting/rule-evaluator.js';
import type { AlertRule } from '../../libs/observability/src/alerting/rules/alert-rule.js';
import { parseRules } from '../../libs/observability/src/alerting/rules/parse-rules.js';
import { SampleStore } from '../../libs/observability/src/alerting/storage/sample-store.js';
import { expandSeries, parseSeriesName } from '../helpers/promtool-series.js';

// Ranges of 150s over series sampled every minute: no sample sits on a range boundary, where Prometheus 2.x
// (Debian's promtool) and 3.x (whose left-open ranges the evaluator follows) differ.
const RULES = `rules:
  - name: HighErrorRatio
    condition: |
      sum by (route) (rate(http_requests_total{status=~"5.."}[150s]))
        / sum by (route) (rate(http_requests_total[150s]))
    threshold: 0.2
    duration: 2m
    severity: critical
    description: 'route {{ $labels.route }} fails [{{ $labels.missing }}]'
  - name: JobsBurst
    condition: increase(jobs_total[150s])
    threshold: 25
    labels: { team: batch }
  - name: SlowP99
    condition: histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket[150s])))
    threshold: 0.5
    duration: 1m
  - name: QueueBacklog
    condition: max by (queue) (queue_depth{queue!="ignored"})
    threshold: 10
    keep_firing_for: 2m
    description: 'queue {{ $labels.queue }} holds {{ $value }}'
  - name: QueueOverLimit
    condition: queue_depth - on (queue) group_left queue_limit
    threshold: 0
    operator: '>='
`;

const INPUT: Record<string, string> = {
  'http_requests_total{route="/a",status="200"}': '0+10x30',
  'http_requests_total{route="/a",status="500"}': '0+0x10 0+5x10 50+0x9',
  'http_requests_total{route="/b",status="200"}': '0+10x30',
  jobs_total: '0+5x5 0+5x5 0+30x4 120+0x14',
  'latency_seconds_bucket{le="0.1"}': '0+9x30',
  'latency_seconds_bucket{le="0.5"}': '0+10x30',
  'latency_seconds_bucket{le="1"}': '0+10x10 110+20x10 310+10x9',
  'latency_seconds_bucket{le="+Inf"}': '0+10x10 110+20x10 310+10x9',
  'queue_depth{queue="a"}': '0 5 12 15 3 3 3 3 14 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2',
  'queue_depth{queue="ignored"}': '50+0x30',
  'queue_limit{queue="a"}': '14+0x30',
};
const STEPS = 30;
const MINUTE = 60_000;

function promtool(...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The in-process evaluator on a fake clock: firing alerts of each rule at each minute. */
function evaluateInProcess(rules: AlertRule[]): Map<number, Alert[]> {
  const store = new SampleStore({ retentionMs: 3_600_000, samplesPerSeries: 100, maxSeries: 100 });
  const evaluator = new RuleEvaluator(rules, store);
  const series = Object.entries(INPUT).map(([name, values]) => ({ labels: parseSeriesName(name), values: expandSeries(values) }));
  const firing = new Map<number, Alert[]>();
  for (let step = 0; step <= STEPS; step++) {
    for (const { labels, values } of series) {
      const v = values[step];
      if (v === 'stale') store.markStale(labels, step * MINUTE);
      else if (v !== undefined) store.append(labels, step * MINUTE, v);
    }
    evaluator.evaluate(step * MINUTE);
    firing.set(
      step,
      evaluator.active().filter((a) => a.state === 'firing'),
    );
  }
  return firing;
}

describe('exported rules in Prometheus (promtool) and the in-process evaluator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerting-promtool-'));
  const rules = parseRules(RULES, 'alert_rules.yaml');
  let firing: Map<number, Alert[]>;

  beforeAll(() => {
    writeFileSync(join(dir, 'exported.yaml'), exportRules(rules));
    firing = evaluateInProcess(rules);
  });

  it('promtool check rules accepts the exported file', () => {
    const result = promtool('check', 'rules', join(dir, 'exported.yaml'));
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.status).toBe(0);
  });

  it("promtool check rules accepts the demo's rules, exported by the package's command", () => {
    const demo = fileURLToPath(new URL('../../apps/assistant/config/alert_rules.yaml', import.meta.url));
    const out: string[] = [];
    expect(
      main(
        ['export-rules', demo, '--output', join(dir, 'demo.yaml')],
        (t) => void out.push(t),
        (t) => void out.push(t),
      ),
    ).toBe(0);
    // The demo's anomaly rule is left out, named in a comment line promtool reads past, and warned about.
    expect(readFileSync(join(dir, 'demo.yaml'), 'utf8')).toMatch(/^# rule "LatencyAnomaly" \(type: anomaly\) is not exported/);
    expect(out.join('')).toContain('warning: rule "LatencyAnomaly" (type: anomaly) is not exported');
    const result = promtool('check', 'rules', join(dir, 'demo.yaml'));
    expect(result.output).toContain('SUCCESS: 4 rules found');
    expect(result.status).toBe(0);
  });

  it('fires each rule over the intended minutes in process (the timeline the parity check then holds Prometheus to)', () => {
    const timeline = (name: string) =>
      [...firing.entries()].filter(([, alerts]) => alerts.some((a) => a.labels['alertname'] === name)).map(([step]) => step);
    // Errors from minute 11: over 0.2 of requests from minute 13, firing after `for: 2m`, until the window empties.
    expect(timeline('HighErrorRatio')).toEqual([15, 16, 17, 18, 19, 20, 21]);
    // The reset at minute 6 adds back what the counter had, not a burst; 30/min from minute 12 is one.
    expect(timeline('JobsBurst')).toEqual([13, 14, 15, 16, 17]);
    expect(timeline('SlowP99')).toEqual([13, 14, 15, 16, 17, 18, 19, 20, 21]);
    // 12 and 15 at minutes 2-3, then kept firing for 2m of 3s; 14 at minute 8, kept 2m more.
    expect(timeline('QueueBacklog')).toEqual([2, 3, 4, 5, 8, 9, 10]);
    expect(timeline('QueueOverLimit')).toEqual([3, 8]);
  });

  it('promtool test rules agrees, at every evaluation, on which alerts fire with which labels and annotations', () => {
    const tests = [...firing.entries()].flatMap(([step, alerts]) =>
      rules.map((rule) => ({
        eval_time: `${step}m`,
        alertname: rule.name,
        exp_alerts: alerts
          .filter((a) => a.labels['alertname'] === rule.name)
          .map((a) => {
            const { alertname: _name, ...labels } = a.labels;
            return { exp_labels: labels, ...(Object.keys(a.annotations).length > 0 ? { exp_annotations: a.annotations } : {}) };
          }),
      })),
    );
    const input_series = Object.entries(INPUT).map(([series, values]) => ({ series, values }));
    writeFileSync(
      join(dir, 'test.yaml'),
      stringify({
        rule_files: ['exported.yaml'],
        evaluation_interval: '1m',
        tests: [{ interval: '1m', input_series, alert_rule_test: tests }],
      }),
    );
    const result = promtool('test', 'rules', join(dir, 'test.yaml'));
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

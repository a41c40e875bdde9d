import { describe, expect, it } from 'vitest';
import { parseRules } from '../rules/parse-rules.js';
import { RuleEvaluator } from '../rule-evaluator.js';
import { SampleStore } from '../storage/sample-store.js';

const M = 60_000;

function setup(rule: string) {
  const rules = parseRules(`rules:\n  - ${rule.trim().split('\n').join('\n    ')}\n`, 'rules.yaml');
  const store = new SampleStore({ retentionMs: 3_600_000, samplesPerSeries: 500, maxSeries: 100 });
  return { store, evaluator: new RuleEvaluator(rules, store) };
}

function summary(alerts: ReadonlyArray<{ state: string; labels: Record<string, string> }>) {
  return alerts.map((a) => `${a.labels['route'] ?? ''}:${a.state}`);
}

describe('alert state machine', () => {
  it('goes pending, fires after `for`, resolves once the condition stops holding, on a fake clock', () => {
    const { store, evaluator } = setup(`
name: Slow
condition: latency
threshold: 1
duration: 2m
severity: page
labels: { team: core }
description: '{{ $labels.route }} at {{ $value }}s'`);
    const values = [0.5, 2, 3, 4, 1.5, 0.2];
    const seen: string[][] = [];
    const notified: string[][] = [];
    values.forEach((v, i) => {
      store.append({ __name__: 'latency', route: '/a' }, i * M, v);
      const { notify } = evaluator.evaluate(i * M);
      seen.push(summary(evaluator.active()));
      notified.push(summary(notify));
    });
    expect(seen).toEqual([[], ['/a:pending'], ['/a:pending'], ['/a:firing'], ['/a:firing'], []]);
    expect(notified).toEqual([[], [], [], ['/a:firing'], ['/a:firing'], ['/a:inactive']]);
  });

  it('builds the alert the sink receives: labels, templated annotations, times and evidence with the trend', () => {
    const { store, evaluator } = setup(`
name: Slow
condition: latency
threshold: 1
operator: '>='
duration: 1m
severity: page
labels: { team: core }
description: '{{ $labels.route }} at {{ $value }}s'`);
    const labels = { __name__: 'latency', route: '/a' };
    store.append(labels, 0, 1);
    evaluator.evaluate(0);
    store.append(labels, M, 2.5);
    const [alert] = evaluator.evaluate(M).notify;
    expect(alert).toEqual({
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      labels: { alertname: 'Slow', severity: 'page', route: '/a', team: 'core' },
      annotations: { description: '/a at 2.5s' },
      state: 'firing',
      activeAt: new Date(0),
      firedAt: new Date(M),
      evidence: {
        value: 2.5,
        threshold: 1,
        operator: '>=',
        trend: [
          [0, 1],
          [M, 2.5],
        ],
        traceIds: [],
      },
    });
    store.append(labels, 2 * M, 0.5);
    const [resolved] = evaluator.evaluate(2 * M).notify;
    expect(resolved).toMatchObject({
      state: 'inactive',
      firedAt: new Date(M),
      resolvedAt: new Date(2 * M),
      fingerprint: alert!.fingerprint,
    });
  });

  it('a pending alert that stops holding goes away without a notification; keep_firing_for holds a firing one', () => {
    const { store, evaluator } = setup(`
name: Errors
condition: errors
threshold: 0
duration: 1m
keep_firing_for: 2m`);
    const states: string[][] = [];
    [1, 0, 1, 1, 0, 0, 0].forEach((v, i) => {
      store.append({ __name__: 'errors', route: '/x' }, i * M, v);
      evaluator.evaluate(i * M);
      states.push(summary(evaluator.active()));
    });
    // 0: pending; 1: gone; 2: pending again; 3: firing; 4, 5: kept firing (keep_firing_for 2m); 6: resolved.
    expect(states).toEqual([['/x:pending'], [], ['/x:pending'], ['/x:firing'], ['/x:firing'], ['/x:firing'], []]);
  });

  it('tracks each label set on its own and carries exemplar trace ids, worst first', () => {
    const { store, evaluator } = setup(`
name: P99
condition: histogram_quantile(0.99, sum by (le, route) (rate(lat_bucket[5m])))
threshold: 0.5`);
    for (const [route, slow] of [
      ['/a', true],
      ['/b', false],
    ] as const) {
      for (const [i, t] of [0, M].entries()) {
        for (const le of ['0.1', '1', '+Inf']) {
          const count = slow ? (le === '0.1' ? 0 : 10 * (i + 1)) : 10 * (i + 1);
          const labels = { __name__: 'lat_bucket', route, le };
          store.append(labels, t, count);
          if (slow && le === '1') {
            store.addExemplar(labels, { traceId: `t${i}-fast`, value: 0.6, time: t });
            store.addExemplar(labels, { traceId: `t${i}-slow`, value: 0.9, time: t });
          }
        }
      }
    }
    const { notify } = evaluator.evaluate(M);
    expect(summary(notify)).toEqual(['/a:firing']);
    expect(notify[0]!.evidence.traceIds).toEqual(['t1-slow', 't0-slow', 't1-fast', 't0-fast']);
  });

  it('keeps firing alerts as they were when a condition fails to evaluate, and reports the failure', () => {
    const { store, evaluator } = setup(`
name: Ratio
condition: errors / ignoring(code) total
threshold: 0`);
    store.append({ __name__: 'errors', code: '500' }, 0, 1);
    store.append({ __name__: 'total' }, 0, 10);
    expect(summary(evaluator.evaluate(0).notify)).toEqual([':firing']);
    store.append({ __name__: 'errors', code: '503' }, M, 1);
    const outcome = evaluator.evaluate(M);
    expect(outcome.failures.map((f) => f.rule)).toEqual(['Ratio']);
    expect(outcome.failures[0]!.error.message).toContain('many-to-many matching not allowed');
    expect(summary(outcome.notify)).toEqual([':firing']);
  });
});

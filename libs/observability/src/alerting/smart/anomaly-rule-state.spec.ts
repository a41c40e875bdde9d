import { describe, expect, it } from 'vitest';
import { noise } from '../../../../../test/helpers/noise.js';
import type { Alert } from '../interfaces/alert.interface.js';
import { RuleEvaluator } from '../rule-evaluator.js';
import { parseRules } from '../rules/parse-rules.js';
import { SampleStore } from '../storage/sample-store.js';
import { AnomalyBaselines } from './anomaly-baselines.js';

const S = 15_000;
const M = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

/** An anomaly rule over the `latency{route}` gauge, evaluated by a real RuleEvaluator on a sample store. */
function setup(fields: string) {
  const rules = parseRules(
    `rules:
  - name: LatencyAnomaly
    type: anomaly
    condition: latency
    severity: page
    description: '{{ $labels.route }} at {{ $observed }}, expected {{ $expected }} (score {{ $value }})'
${fields
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`,
    'rules.yaml',
  );
  const store = new SampleStore({ retentionMs: 3_600_000, samplesPerSeries: 500, maxSeries: 100 });
  const baselines = new AnomalyBaselines(rules, 100);
  return { rules, store, baselines, evaluator: new RuleEvaluator(rules, store, baselines) };
}

/** Feeds `values` one evaluation apart (`stepMs`) and returns, per evaluation, the states of the alerts sent. */
function feed(evaluator: RuleEvaluator, store: SampleStore, values: readonly number[], stepMs = S, from = 0) {
  const sent: Alert[][] = [];
  values.forEach((value, i) => {
    const now = T0 + (from + i) * stepMs;
    store.append({ __name__: 'latency', route: '/api/chat' }, now, value);
    sent.push([...evaluator.evaluate(now).notify]);
  });
  return sent;
}

const firstFiring = (sent: Alert[][]) => sent.findIndex((alerts) => alerts.some((a) => a.state === 'firing'));

describe('type: anomaly rules through the rule evaluator', () => {
  it('fires on a level shift once the score has stayed above the sensitivity for `duration`, saying expected vs observed', () => {
    const { evaluator, store } = setup('duration: 30s\nwarmup: 10m');
    const rnd = noise(1);
    const values = Array.from({ length: 400 }, (_, i) => 100 + 2 * rnd() + (i >= 300 ? 40 : 0));
    const sent = feed(evaluator, store, values);
    expect(firstFiring(sent)).toBe(302);
    const states = evaluator.active().map((a) => a.state);
    expect(sent.slice(0, 300).flat()).toEqual([]);
    const [alert] = sent[302]!;
    expect(alert).toMatchObject({
      labels: { alertname: 'LatencyAnomaly', severity: 'page', route: '/api/chat' },
      state: 'firing',
      activeAt: new Date(T0 + 300 * S),
      firedAt: new Date(T0 + 302 * S),
      evidence: { threshold: 0.8, operator: '>', anomaly: { seasonal: false } },
    });
    const { anomaly, value, trend } = alert!.evidence;
    expect(value).toBeGreaterThan(0.8);
    expect(anomaly!.observed).toBe(values[302]);
    expect(Math.abs(anomaly!.expected - 100)).toBeLessThan(1);
    expect(anomaly!.deviation).toBe(anomaly!.observed - anomaly!.expected);
    expect(anomaly!.zScore).toBeGreaterThan(10);
    // The trend is the observed values over the rule's window (5 minutes: 20 evaluations).
    expect(trend.map(([, v]) => v)).toEqual(values.slice(283, 303));
    expect(alert!.annotations['description']).toBe(
      `/api/chat at ${String(anomaly!.observed)}, expected ${String(anomaly!.expected)} (score ${String(value)})`,
    );
    expect(states).not.toContain('pending');
  });

  it('fires on a single spike (duration 0) and resolves at the next evaluation', () => {
    const { evaluator, store } = setup('warmup: 10m');
    const rnd = noise(2);
    const values = Array.from({ length: 300 }, (_, i) => 50 + rnd() + (i === 250 ? 25 : 0));
    const sent = feed(evaluator, store, values);
    expect(firstFiring(sent)).toBe(250);
    expect(sent[251]!.map((a) => a.state)).toEqual(['inactive']);
    expect(sent.slice(252).flat()).toEqual([]);
  });

  it('with seasonality daily, a smooth daily cycle does not fire over four days; a value wrong for its hour does', () => {
    const { evaluator, store } = setup('seasonality: daily\nduration: 10m');
    const step = 5 * M;
    const perDay = DAY / step;
    const rnd = noise(3);
    const cycle = (i: number) => 100 + 50 * Math.sin((2 * Math.PI * i) / perDay) + rnd();
    const days = Array.from({ length: 4 * perDay }, (_, i) => cycle(i));
    expect(feed(evaluator, store, days, step).flat()).toEqual([]);
    // At the trough of day 5, the daily peak for half an hour: inside the series' range, wrong for the hour.
    const trough = 4 * perDay + (3 * perDay) / 4;
    const tail = Array.from({ length: perDay - perDay / 4 + 6 }, (_, k) => (k >= (3 * perDay) / 4 ? 150 + rnd() : cycle(4 * perDay + k)));
    const sent = feed(evaluator, store, tail, step, 4 * perDay);
    const at = firstFiring(sent);
    expect(at).toBe(trough - 4 * perDay + 2);
    expect(sent[at]![0]!.evidence.anomaly).toMatchObject({ seasonal: true });
    expect(Math.abs(sent[at]![0]!.evidence.anomaly!.expected - 50)).toBeLessThan(5);
  });

  it('does not fire before its warm-up, however large the spike; the same spike fires after it', () => {
    const { evaluator, store } = setup('warmup: 1h');
    const rnd = noise(4);
    // Spikes at evaluation 20 (before the 30 samples any baseline needs) and at 30 min (before the hour of warm-up).
    const spikes = new Set([20, 120, 300]);
    const values = Array.from({ length: 320 }, (_, i) => 10 + rnd() + (spikes.has(i) ? 1000 : 0));
    const sent = feed(evaluator, store, values);
    expect(sent.slice(0, 300).flat()).toEqual([]);
    expect(firstFiring(sent)).toBe(300);
  });
});

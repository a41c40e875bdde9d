import { describe, expect, it } from 'vitest';
import { RuleEvaluator } from './rule-evaluator.js';
import { parseRules } from './rules/parse-rules.js';
import { SampleStore } from './storage/sample-store.js';

const RULES = `rules:
  - { name: High, condition: 'sum by (route) (rate(req_total[1m]))', threshold: 0.1 }
  - { name: Deep, condition: 'max by (route) (queue)', threshold: 5 }
`;

function storeWithSeries(): SampleStore {
  const store = new SampleStore({ retentionMs: 600_000, samplesPerSeries: 20, maxSeries: 100 });
  for (let t = 15_000; t <= 60_000; t += 15_000) {
    store.ingest(t, [
      { labels: { __name__: 'req_total', route: '/a' }, value: t / 1000 },
      { labels: { __name__: 'queue', route: '/a' }, value: 9 },
    ]);
  }
  return store;
}

describe('RuleEvaluator.evaluateInSlices', () => {
  it('hands the event loop back between rules once a slice is used up, with the outcome of one uninterrupted evaluation', async () => {
    const store = storeWithSeries();
    const whole = new RuleEvaluator(parseRules(RULES, 'rules.yaml'), store).evaluate(60_000);
    const sliced = new RuleEvaluator(parseRules(RULES, 'rules.yaml'), store);
    const loop: string[] = [];
    setImmediate(() => loop.push('other work ran'));
    const outcome = await sliced.evaluateInSlices(60_000, 0);
    expect(loop).toEqual(['other work ran']);
    expect(outcome.notify.map((a) => a.labels['alertname'])).toEqual(['High', 'Deep']);
    expect(outcome).toEqual(whole);
  });
});

import { describe, expect, it } from 'vitest';
import { labelsKey } from '../promql/labels.js';
import { parseRules } from '../rules/parse-rules.js';
import { AnomalyBaselines } from './anomaly-baselines.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rules(condition = 'latency') {
  return parseRules(
    `rules:\n  - { name: Latency, type: anomaly, condition: ${condition}, warmup: 0s }\n  - { name: Up, condition: up, threshold: 0 }\n`,
    'r.yaml',
  );
}

const series = (route: string) => ({ __name__: 'latency', route });

describe('AnomalyBaselines', () => {
  it('tracks at most max_series, says so once per rule, and frees the series unseen for a day', () => {
    const [rule] = rules();
    const full: string[] = [];
    const baselines = new AnomalyBaselines(rules(), 2, (name, max) => full.push(`${name} ${max}`));
    for (const route of ['/a', '/b', '/c', '/d'])
      baselines.series(rule!, labelsKey(series(route)), series(route), 0)?.observe(1, 0, 0, 60_000);
    expect(baselines.size).toBe(2);
    expect(full).toEqual(['Latency 2']);
    expect(baselines.series(rule!, labelsKey(series('/c')), series('/c'), HOUR)).toBeUndefined();
    baselines.get('Latency', labelsKey(series('/a')))!.observe(1, DAY, 0, 60_000);
    baselines.forgetIdle(rule!, DAY + 2 * HOUR);
    expect(baselines.size).toBe(1);
    expect(baselines.series(rule!, labelsKey(series('/c')), series('/c'), DAY + 2 * HOUR)).toBeDefined();
  });

  it('restores saved series of an unchanged rule and drops those of a rule whose condition changed', () => {
    const [rule] = rules();
    const saved = new AnomalyBaselines(rules(), 10);
    const learnt = saved.series(rule!, labelsKey(series('/a')), series('/a'), 0)!;
    for (let i = 0; i < 50; i++) learnt.observe(10 + (i % 3), i * 15_000, 0, 60_000);
    const snapshot = JSON.parse(JSON.stringify(saved.snapshot())) as ReturnType<AnomalyBaselines['snapshot']>;

    const same = new AnomalyBaselines(rules(), 10);
    expect(same.restore(snapshot, 50 * 15_000)).toEqual({ series: 1, dropped: [] });
    expect(same.get('Latency', labelsKey(series('/a')))).toMatchObject({ firstSeen: 0, lastSeen: 49 * 15_000 });
    expect(same.get('Latency', labelsKey(series('/a')))!.detector.samples).toBe(50);

    const changed = new AnomalyBaselines(rules('latency * 1000'), 10);
    expect(changed.restore(snapshot, 50 * 15_000)).toEqual({ series: 0, dropped: ['Latency'] });
    expect(changed.size).toBe(0);
  });
});

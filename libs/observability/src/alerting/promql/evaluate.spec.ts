import { describe, expect, it } from 'vitest';
import { SampleStore } from '../storage/sample-store.js';
import { evaluate, evaluateVector } from './evaluate.js';
import { parsePromql } from './parse-promql.js';
import type { Labels } from './labels.js';

const S = 1000;

function store(series: Array<[Labels, Array<[number, number]>]>): SampleStore {
  const s = new SampleStore({ retentionMs: 3_600_000, samplesPerSeries: 1000, maxSeries: 1000 });
  for (const [labels, points] of series) for (const [t, v] of points) s.append(labels, t * S, v);
  return s;
}

function run(source: SampleStore, expr: string, at: number) {
  return [...evaluateVector(parsePromql(expr).expr, source, at * S)]
    .map((s) => ({ labels: s.labels, value: s.value }))
    .sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
}

describe('evaluate', () => {
  it('rate and increase add counter resets back and extrapolate to the range edges', () => {
    const s = store([
      [
        { __name__: 'req_total', route: '/a' },
        [
          [0, 3],
          [15, 10],
          [30, 20],
          [45, 5],
          [60, 15],
        ],
      ],
    ]);
    // Range (0s, 60s]: 10, 20, 5, 15. Increase 15 − 10 + 20 (reset) = 25 over 45 s sampled; the first sample is
    // 15 s from the start (< 1.1 × 15 s average spacing): extrapolated by 15 s → 25 × 60/45.
    const [increase] = run(s, 'increase(req_total[1m])', 60);
    expect(increase!.labels).toEqual({ route: '/a' });
    expect(increase!.value).toBeCloseTo((25 * 60) / 45, 12);
    expect(run(s, 'rate(req_total[1m])', 60)[0]!.value).toBeCloseTo((25 * 60) / 45 / 60, 12);
    // irate: the last two samples, 5 → 15 in 15 s.
    expect(run(s, 'irate(req_total[1m])', 60)[0]!.value).toBeCloseTo(10 / 15, 12);
  });

  it('does not extrapolate a counter below zero', () => {
    const s = store([
      [
        { __name__: 'c' },
        [
          [15, 1],
          [30, 11],
          [45, 21],
          [60, 31],
        ],
      ],
    ]);
    // Zero point is 45 s × 1/30 = 1.5 s before the first sample: extrapolated by 1.5 s, not 15 s.
    expect(run(s, 'increase(c[1m])', 60)[0]!.value).toBeCloseTo((30 * 46.5) / 45, 12);
    // A sample at 60 s whose range ends at 120 s: the end is extrapolated by half the spacing only.
    expect(run(s, 'increase(c[2m])', 67)[0]!.value).toBeCloseTo((30 * (45 + 1.5 + 7)) / 45, 12);
  });

  it('histogram_quantile interpolates inside the bucket holding the rank', () => {
    const buckets: Array<[string, number]> = [
      ['0.1', 10],
      ['0.5', 60],
      ['1', 90],
      ['+Inf', 100],
    ];
    const s = store(buckets.map(([le, v]) => [{ __name__: 'lat_bucket', route: '/a', le }, [[60, v]]]));
    const [median] = run(s, 'histogram_quantile(0.5, lat_bucket)', 60);
    expect(median!.labels).toEqual({ route: '/a' });
    expect(median!.value).toBeCloseTo(0.42, 12);
    expect(run(s, 'histogram_quantile(0.9, lat_bucket)', 60)[0]!.value).toBe(1);
    // Rank in the +Inf bucket: the highest finite bound.
    expect(run(s, 'histogram_quantile(0.99, lat_bucket)', 60)[0]!.value).toBe(1);
    expect(run(s, 'histogram_quantile(0.5, sum by (le) (lat_bucket))', 60)[0]!.labels).toEqual({});
  });

  it('aggregates by and without, and counts, averages, takes min and max', () => {
    const s = store([
      [{ __name__: 'g', route: '/a', pod: '1' }, [[10, 1]]],
      [{ __name__: 'g', route: '/a', pod: '2' }, [[10, 5]]],
      [{ __name__: 'g', route: '/b', pod: '1' }, [[10, 7]]],
    ]);
    expect(run(s, 'sum by (route) (g)', 10)).toEqual([
      { labels: { route: '/a' }, value: 6 },
      { labels: { route: '/b' }, value: 7 },
    ]);
    expect(run(s, 'avg without (pod) (g)', 10)).toEqual([
      { labels: { route: '/a' }, value: 3 },
      { labels: { route: '/b' }, value: 7 },
    ]);
    expect(run(s, 'count(g)', 10)).toEqual([{ labels: {}, value: 3 }]);
    expect(run(s, 'min by (pod) (g)', 10)).toEqual([
      { labels: { pod: '1' }, value: 1 },
      { labels: { pod: '2' }, value: 5 },
    ]);
    expect(run(s, 'max(g{route=~"/a|/b", pod!="2"})', 10)).toEqual([{ labels: {}, value: 7 }]);
  });

  it('matches vectors one-to-one, on(), group_left, and filters with comparisons', () => {
    const s = store([
      [{ __name__: 'errors', route: '/a', code: '500' }, [[10, 2]]],
      [{ __name__: 'errors', route: '/a', code: '503' }, [[10, 1]]],
      [{ __name__: 'total', route: '/a' }, [[10, 10]]],
      [{ __name__: 'total', route: '/b' }, [[10, 4]]],
    ]);
    expect(run(s, 'sum by (route) (errors) / total', 10)).toEqual([{ labels: { route: '/a' }, value: 0.3 }]);
    expect(run(s, 'errors / on (route) group_left total', 10)).toEqual([
      { labels: { route: '/a', code: '500' }, value: 0.2 },
      { labels: { route: '/a', code: '503' }, value: 0.1 },
    ]);
    expect(run(s, 'total > 5', 10)).toEqual([{ labels: { __name__: 'total', route: '/a' }, value: 10 }]);
    expect(run(s, 'total > bool 5', 10)).toEqual([
      { labels: { route: '/a' }, value: 1 },
      { labels: { route: '/b' }, value: 0 },
    ]);
    expect(run(s, '2 * total - 1', 10)).toEqual([
      { labels: { route: '/a' }, value: 19 },
      { labels: { route: '/b' }, value: 7 },
    ]);
    expect(() => run(s, 'errors / ignoring(code) total', 10)).toThrow('many-to-many matching not allowed');
  });

  it('returns nothing for missing series, honours staleness and the 5m lookback, and absent() says 1', () => {
    const s = store([[{ __name__: 'up', job: 'a' }, [[0, 1]]]]);
    expect(run(s, 'rate(nope[5m])', 60)).toEqual([]);
    expect(run(s, 'up / nope', 60)).toEqual([]);
    expect(run(s, 'absent(nope{job="a"})', 60)).toEqual([{ labels: { job: 'a' }, value: 1 }]);
    expect(run(s, 'up', 299)).toHaveLength(1);
    expect(run(s, 'up', 300)).toEqual([]);
    s.markStale({ __name__: 'up', job: 'a' }, 30 * S);
    expect(run(s, 'up', 60)).toEqual([]);
    expect(run(s, 'up', 20)).toHaveLength(1);
  });

  it('evaluates *_over_time over the range, and offset moves the window back', () => {
    const s = store([
      [
        { __name__: 'q' },
        [
          [10, 4],
          [20, 8],
          [30, 6],
          [40, 2],
        ],
      ],
    ]);
    expect(run(s, 'avg_over_time(q[30s])', 40)[0]!.value).toBeCloseTo(16 / 3, 12);
    expect(run(s, 'max_over_time(q[30s])', 40)[0]!.value).toBe(8);
    expect(run(s, 'min_over_time(q[1m] offset 20s)', 40)[0]!.value).toBe(4);
    expect(run(s, 'count_over_time(q[1m])', 40)[0]!.value).toBe(4);
    expect(run(s, 'last_over_time(q[1m])', 40)).toEqual([{ labels: { __name__: 'q' }, value: 2 }]);
    expect(evaluate(parsePromql('1 + 2 * 3').expr, s, 0)).toEqual({ type: 'scalar', value: 7 });
  });
});

import { describe, expect, it } from 'vitest';
import type { LabelMatcher } from '../promql/ast.js';
import { SampleStore } from './sample-store.js';

const named = (name: string): LabelMatcher[] => [{ name: '__name__', op: '=', value: name }];

describe('SampleStore', () => {
  it('puts each scraped sample on its own series whatever the order of the scrape, and marks the missing ones stale', () => {
    const store = new SampleStore({ retentionMs: 600_000, samplesPerSeries: 10, maxSeries: 100 });
    const a = { __name__: 'x', route: '/a' };
    const b = { __name__: 'x', route: '/b' };
    store.ingest(1000, [
      { labels: a, value: 1 },
      { labels: b, value: 2 },
    ]);
    store.ingest(2000, [
      { labels: { route: '/b', __name__: 'x' }, value: 20 },
      { labels: { __name__: 'x', route: '/a' }, value: 10 },
    ]);
    store.ingest(3000, [{ labels: { __name__: 'x', route: '/b', extra: '1' }, value: 30 }]);
    expect(store.range(named('x'), 0, 3000)).toEqual([
      { labels: a, times: [1000, 2000], values: [1, 10] },
      { labels: b, times: [1000, 2000], values: [2, 20] },
      { labels: { __name__: 'x', route: '/b', extra: '1' }, times: [3000], values: [30] },
    ]);
    expect(store.instant(named('x'), 0, 3000)).toEqual([{ labels: { __name__: 'x', route: '/b', extra: '1' }, value: 30 }]);
  });

  it('gives a dropped series’ storage to a new series without the old points, and selects the new set of series', () => {
    const store = new SampleStore({ retentionMs: 10_000, samplesPerSeries: 10, maxSeries: 100 });
    const selectX = named('x');
    store.ingest(1000, [{ labels: { __name__: 'x', id: 'old' }, value: 1 }]);
    const before = store.select(selectX);
    expect(store.select(selectX)).toBe(before);
    store.ingest(20_000, [{ labels: { __name__: 'y' }, value: 0 }]);
    expect(store.select(selectX).labels).toEqual([]);
    store.ingest(21_000, [{ labels: { __name__: 'x', id: 'new' }, value: 5 }]);
    expect(store.range(selectX, 0, 21_000)).toEqual([{ labels: { __name__: 'x', id: 'new' }, times: [21_000], values: [5] }]);
  });
});

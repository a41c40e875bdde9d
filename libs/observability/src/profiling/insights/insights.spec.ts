import { Function as PprofFunction, Label, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import type { PprofProfile } from '../pprof-loader.js';
import { cpuInsights } from './cpu-insights.js';
import { growingSites, heapSites } from './heap-insights.js';

/** A profile of stacks (leaf first, as `name|file|line`) with values and an optional route label. */
function build(types: string[], samples: { stack: string[]; values: number[]; route?: string }[]): PprofProfile {
  const strings = new StringTable();
  const functions = new Map<string, PprofFunction>();
  const locations = new Map<string, Location>();
  const locationOf = (frame: string): Location => {
    let location = locations.get(frame);
    if (location) return location;
    const [name, file, line] = frame.split('|') as [string, string, string];
    const fn = new PprofFunction({
      id: functions.size + 1,
      name: strings.dedup(name),
      filename: strings.dedup(file),
      startLine: Number(line),
    });
    functions.set(frame, fn);
    location = new Location({ id: locations.size + 1, line: [new Line({ functionId: fn.id, line: Number(line) })] });
    locations.set(frame, location);
    return location;
  };
  const sample = samples.map(
    (s) =>
      new Sample({
        locationId: s.stack.map((f) => locationOf(f).id),
        value: s.values,
        label: s.route ? [new Label({ key: strings.dedup('route'), str: strings.dedup(s.route) })] : [],
      }),
  );
  return new Profile({
    sampleType: types.map((t) => new ValueType({ type: strings.dedup(t), unit: strings.dedup('nanoseconds') })),
    sample,
    location: [...locations.values()],
    function: [...functions.values()],
    stringTable: strings,
  }) as unknown as PprofProfile;
}

describe('cpuInsights', () => {
  it('ranks functions by CPU self and total time, overall and per route, ignoring V8 pseudo-frames', () => {
    const profile = build(
      ['sample', 'wall', 'cpu'],
      [
        { stack: ['embed|/app/embed.js|3', 'handler|/app/ctl.js|10'], values: [1, 9e6, 6e6], route: '/api/embeddings' },
        { stack: ['parse|/app/json.js|7', 'handler|/app/ctl.js|10'], values: [1, 5e6, 3e6], route: '/api/chat' },
        { stack: ['(idle)||0'], values: [1, 50e6, 1e6] },
      ],
    );
    const insights = cpuInsights(profile);
    expect(insights.measure).toBe('cpu');
    expect(insights.total_ms).toBe(10);
    expect(insights.top_self.map((f) => [f.function, f.file, f.line, f.self_ms, f.self_percent])).toEqual([
      ['embed', '/app/embed.js', 3, 6, 60],
      ['parse', '/app/json.js', 7, 3, 30],
    ]);
    expect(insights.top_total[0]).toMatchObject({ function: 'handler', self_ms: 0, total_ms: 9 });
    expect(Object.keys(insights.routes)).toEqual(['/api/embeddings', '/api/chat']);
    expect(insights.routes['/api/chat']!.top_self.map((f) => f.function)).toEqual(['parse']);
  });
});

describe('heap insights', () => {
  it('ranks allocation sites by growth between two profiles, skipping node: frames up to the app', () => {
    const types = ['inuse_objects', 'inuse_space'];
    const before = build(types, [
      { stack: ['retainForever|/app/leak.js|12'], values: [10, 1_000] },
      { stack: ['cache|/app/cache.js|4'], values: [10, 5_000] },
    ]);
    const after = build(types, [
      { stack: ['retainForever|/app/leak.js|12'], values: [90, 61_000] },
      { stack: ['push|node:internal/x|1', 'cache|/app/cache.js|4'], values: [1, 6_000] },
      { stack: ['cache|/app/cache.js|4'], values: [5, 4_000] },
    ]);
    expect(growingSites(heapSites(before), heapSites(after), 60_000)).toEqual([
      { function: 'retainForever', file: '/app/leak.js', line: 12, bytes: 61_000, growth_bytes: 60_000, growth_bytes_per_min: 60_000 },
      { function: 'cache', file: '/app/cache.js', line: 4, bytes: 10_000, growth_bytes: 5_000, growth_bytes_per_min: 5_000 },
    ]);
  });
});

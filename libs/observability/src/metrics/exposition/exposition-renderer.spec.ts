import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ExpositionRenderer, negotiateFormat } from './exposition-renderer.js';

describe('ExpositionRenderer', () => {
  it('renders the text format with escaped help and label values, and special values', async () => {
    const registry = new Registry();
    new Counter({ name: 'a_total', help: 'line\\one\nline two', labelNames: ['v'], registers: [registry] }).inc(
      { v: 'q"uote\\back\nnl' },
      2,
    );
    const g = new Gauge({ name: 'g', help: 'g', labelNames: ['k'], registers: [registry] });
    g.set({ k: 'nan' }, NaN);
    g.set({ k: 'inf' }, Infinity);
    g.set({ k: 'ninf' }, -Infinity);
    expect(await new ExpositionRenderer().render(registry, 'text')).toBe(
      [
        '# HELP a_total line\\\\one\\nline two',
        '# TYPE a_total counter',
        'a_total{v="q\\"uote\\\\back\\nnl"} 2',
        '# HELP g g',
        '# TYPE g gauge',
        'g{k="nan"} NaN',
        'g{k="inf"} +Inf',
        'g{k="ninf"} -Inf',
        '',
      ].join('\n'),
    );
  });

  it('renders OpenMetrics without renaming anything in the registry (text scrapes after it are unchanged)', async () => {
    const registry = new Registry();
    new Counter({ name: 'jobs_total', help: 'j', registers: [registry] }).inc(3);
    new Histogram({ name: 'd_seconds', help: 'd', buckets: [1], registers: [registry] }).observe(0.5);
    const renderer = new ExpositionRenderer();
    const text = await renderer.render(registry, 'text');
    expect(await renderer.render(registry, 'openmetrics')).toBe(
      [
        '# HELP jobs j',
        '# TYPE jobs counter',
        'jobs_total 3',
        '# HELP d_seconds d',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{le="1"} 1',
        'd_seconds_bucket{le="+Inf"} 1',
        'd_seconds_sum 0.5',
        'd_seconds_count 1',
        '# EOF',
        '',
      ].join('\n'),
    );
    expect(await renderer.render(registry, 'text')).toBe(text);
    expect(text).toContain('jobs_total 3');
  });

  it('leaves out a metric whose collect() throws, and renders the rest', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'bad',
      help: 'b',
      registers: [registry],
      collect: () => {
        throw new Error('no');
      },
    });
    new Gauge({ name: 'good', help: 'g', registers: [registry] }).set(1);
    expect(await new ExpositionRenderer().render(registry, 'text')).toBe('# HELP good g\n# TYPE good gauge\ngood 1\n');
  });

  it('negotiates OpenMetrics only when the Accept header asks for it', () => {
    expect(negotiateFormat(undefined)).toBe('text');
    expect(negotiateFormat('text/plain;version=0.0.4')).toBe('text');
    expect(negotiateFormat('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')).toBe('openmetrics');
  });
});

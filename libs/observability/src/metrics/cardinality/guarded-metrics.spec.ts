import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../../config/index.js';
import { ExpositionRenderer } from '../exposition/exposition-renderer.js';
import { MetricsService } from '../metrics.service.js';

function service(metrics: Record<string, unknown> = {}): MetricsService {
  return new MetricsService(validateObservabilityConfig({ metrics: { namespace: 't', default_metrics: false, ...metrics } }).metrics);
}

async function lines(metrics: MetricsService, prefix: string): Promise<string[]> {
  const text = await new ExpositionRenderer().render(metrics.registry, 'text');
  return text.split('\n').filter((l) => l.startsWith(prefix));
}

describe('the series budget on every write path', () => {
  it('sends new label sets past the budget to one overflow series and counts them (counter: inc, labels().inc, bind)', async () => {
    const metrics = service({ series_limit: 2 });
    const counter = metrics.counter({ name: 'hits_total', help: 'h', labelNames: ['user'] });
    counter.inc({ user: 'a' });
    counter.labels('b').inc(2);
    counter.inc({ user: 'c' });
    counter.labels({ user: 'd' }).inc();
    counter.bind({ user: 'e' }).inc(5);
    counter.inc({ user: 'a' });
    expect(await lines(metrics, 't_')).toEqual([
      't_metric_series_overflow_total{metric="t_hits_total"} 3',
      't_hits_total{user="a"} 2',
      't_hits_total{user="b"} 2',
      't_hits_total{user="__overflow__"} 7',
    ]);
  });

  it('guards gauges (set, inc, dec, labels().set, startTimer) and histograms (observe, labels().observe, zero, startTimer)', async () => {
    const metrics = service({ per_metric_limits: { level: 1, t_latency_seconds: 1 } });
    const gauge = metrics.gauge({ name: 'level', help: 'h', labelNames: ['k'] });
    gauge.set({ k: 'a' }, 1);
    gauge.inc({ k: 'b' }, 2);
    gauge.dec({ k: 'c' }, 1);
    gauge.labels('d').set(4);
    gauge.startTimer({ k: 'e' })();
    const histogram = metrics.histogram({ name: 'latency_seconds', help: 'h', labelNames: ['k'], buckets: [1] });
    histogram.observe({ k: 'a' }, 0.5);
    histogram.labels('b').observe(0.5);
    histogram.zero({ k: 'c' });
    histogram.startTimer({ k: 'd' })();
    const out = await lines(metrics, 't_');
    expect(out.filter((l) => l.startsWith('t_level'))).toEqual([
      't_level{k="a"} 1',
      expect.stringMatching(/^t_level\{k="__overflow__"\} /),
    ]);
    expect(out.filter((l) => l.startsWith('t_latency_seconds_count'))).toEqual([
      't_latency_seconds_count{k="a"} 1',
      't_latency_seconds_count{k="__overflow__"} 2',
    ]);
    expect(out.filter((l) => l.startsWith('t_metric_series_overflow_total'))).toEqual([
      't_metric_series_overflow_total{metric="t_level"} 4',
      't_metric_series_overflow_total{metric="t_latency_seconds"} 3',
    ]);
  });

  it('a bound histogram child counts each observation in its bucket and keeps the exemplar on that bucket', async () => {
    const metrics = service();
    const histogram = metrics.histogram({ name: 'rt_seconds', help: 'h', labelNames: ['k'], buckets: [0.005, 0.025, 0.1] });
    const child = histogram.bind({ k: 'a' });
    child.observe(0.004);
    child.observe(0.01, '0af7651916cd43dd8448eb211c80319c');
    child.observe(0.025);
    child.observe(0.5, 'b7ad6b7169203331b7ad6b7169203331');
    const text = await new ExpositionRenderer().render(metrics.registry, 'openmetrics');
    expect(text.split('\n').filter((l) => l.startsWith('t_rt_seconds_'))).toEqual([
      't_rt_seconds_bucket{k="a",le="0.005"} 1',
      expect.stringMatching(
        /^t_rt_seconds_bucket\{k="a",le="0.025"\} 3 # \{trace_id="0af7651916cd43dd8448eb211c80319c"\} 0.01 \d+(\.\d+)?$/,
      ),
      't_rt_seconds_bucket{k="a",le="0.1"} 3',
      expect.stringMatching(
        /^t_rt_seconds_bucket\{k="a",le="\+Inf"\} 4 # \{trace_id="b7ad6b7169203331b7ad6b7169203331"\} 0.5 \d+(\.\d+)?$/,
      ),
      't_rt_seconds_sum{k="a"} 0.539',
      't_rt_seconds_count{k="a"} 4',
    ]);
  });

  it('frees a place in the budget when a series is removed', async () => {
    const metrics = service({ series_limit: 1 });
    const counter = metrics.counter({ name: 'c_total', help: 'h', labelNames: ['k'] });
    counter.inc({ k: 'a' });
    counter.remove('a');
    counter.inc({ k: 'b' });
    expect(await lines(metrics, 't_c_total')).toEqual(['t_c_total{k="b"} 1']);
  });

  it('cuts long label values and replaces control characters and lone surrogates', async () => {
    const metrics = service({ label_value_max_length: 8 });
    const counter = metrics.counter({ name: 'c_total', help: 'h', labelNames: ['k'] });
    counter.inc({ k: 'abcdefghijklmnop' });
    counter.inc({ k: 'a\nb\u0000c' });
    counter.inc({ k: 'x\uD800y' });
    expect(await lines(metrics, 't_c_total')).toEqual(['t_c_total{k="abcdefgh"} 1', 't_c_total{k="a_b_c"} 1', 't_c_total{k="x\uFFFDy"} 1']);
  });

  it('keeps secrets out of label values: URL userinfo and secret key=value pairs are redacted', async () => {
    const metrics = service({ label_value_max_length: 200 });
    const counter = metrics.counter({ name: 'c_total', help: 'h', labelNames: ['k'] });
    counter.inc({ k: 'https://bot:LABEL-SECRET@api.example/v1' });
    counter.inc({ k: 'model?api_key=LABEL-KEY' });
    counter.inc({ k: '/api/memory/:id' });
    expect(await lines(metrics, 't_c_total')).toEqual([
      't_c_total{k="https://[REDACTED]@api.example/v1"} 1',
      't_c_total{k="model?api_key=[REDACTED]"} 1',
      't_c_total{k="/api/memory/:id"} 1',
    ]);
  });

  it('is idempotent by name and refuses a different type or label set', () => {
    const metrics = service();
    const a = metrics.counter({ name: 'orders_total', help: 'h', labelNames: ['k'] });
    expect(metrics.counter({ name: 'orders_total', help: 'other help', labelNames: ['k'] })).toBe(a);
    expect(metrics.get('orders_total')).toBe(a);
    expect(() => metrics.gauge({ name: 'orders_total', help: 'h', labelNames: ['k'] })).toThrow(
      'Metric t_orders_total is already registered as a counter; cannot register it again as a gauge',
    );
    expect(() => metrics.counter({ name: 'orders_total', help: 'h', labelNames: ['j'] })).toThrow(
      'Metric t_orders_total is already registered with labels [k]; cannot register it again with [j]',
    );
  });

  it('drops the *_total gauges of the default metrics that promtool rejects, keeping their per-type gauges', async () => {
    const metrics = new MetricsService(validateObservabilityConfig({ metrics: { namespace: 't' } }).metrics);
    const text = await new ExpositionRenderer().render(metrics.registry, 'text');
    expect(text).toContain('# TYPE nodejs_active_handles gauge');
    expect(text).not.toMatch(/nodejs_active_(handles|requests|resources)_total/);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
  });
});

import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../../config/index.js';
import { MetricsService } from '../../metrics/index.js';
import { RuleEvaluator } from '../rule-evaluator.js';
import { parseRules } from '../rules/parse-rules.js';
import { readRegistry } from './registry-samples.js';
import { SampleStore } from './sample-store.js';

describe('readRegistry', () => {
  it('reads the registry as exposed (buckets with le) and hands the slowest requests’ trace ids to the alert', async () => {
    const metrics = new MetricsService(validateObservabilityConfig({ metrics: { namespace: 'app', default_metrics: false } }).metrics);
    const latency = metrics.histogram({ name: 'latency_seconds', help: 'Latency.', labelNames: ['route'], buckets: [0.1, 1] });
    const route = latency.bind({ route: '/a' });
    const store = new SampleStore({ retentionMs: 600_000, samplesPerSeries: 50, maxSeries: 100 });
    const [rule] = parseRules(
      'rules:\n  - { name: Slow, condition: "histogram_quantile(0.9, sum by (le, route) (rate(app_latency_seconds_bucket[5m])))", threshold: 0.5 }\n',
      'rules.yaml',
    );
    const evaluator = new RuleEvaluator([rule!], store);
    route.observe(0.05, 'fast-trace');
    store.ingest(0, await readRegistry(metrics.registry));
    expect(store.instant([{ name: '__name__', op: '=', value: 'app_latency_seconds_bucket' }], -1, 0)).toEqual([
      { labels: { __name__: 'app_latency_seconds_bucket', route: '/a', le: '0.1' }, value: 1 },
      { labels: { __name__: 'app_latency_seconds_bucket', route: '/a', le: '1' }, value: 1 },
      { labels: { __name__: 'app_latency_seconds_bucket', route: '/a', le: '+Inf' }, value: 1 },
    ]);
    route.observe(0.7, 'slow-trace');
    route.observe(0.8, 'slower-trace');
    route.observe(3, 'slowest-trace');
    store.ingest(60_000, await readRegistry(metrics.registry));
    const [alert] = evaluator.evaluate(60_000).notify;
    expect(alert?.labels).toEqual({ alertname: 'Slow', severity: 'warning', route: '/a' });
    // One exemplar per bucket (the latest): +Inf holds 3s, le=1 holds the 0.8s request, le=0.1 the fast one.
    expect(alert?.evidence.traceIds).toEqual(['slowest-trace', 'slower-trace', 'fast-trace']);
  });
});

import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadObservabilityConfig } from 'nestjs-observability';
import { grafanaDashboard, prometheusScrapeConfig } from 'nestjs-observability/prometheus';
import { DEFAULT_CONFIG_FILE } from '../apps/assistant/src/bootstrap.js';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const HOW = 'regenerate with: npm run build && node scripts/generate-metrics-examples.mjs';

describe('the Prometheus and Grafana examples in the repository', () => {
  const { metrics } = loadObservabilityConfig(DEFAULT_CONFIG_FILE, { env: {} });

  it('match what the code generates from its metric names and the demo configuration', () => {
    expect(read('examples/prometheus.yml'), HOW).toBe(prometheusScrapeConfig(metrics, { job: 'assistant', targets: ['localhost:3000'] }));
    expect(read('examples/grafana-dashboard.json'), HOW).toBe(`${JSON.stringify(grafanaDashboard(metrics), null, 2)}\n`);
  });

  it('scrape at metrics.collection_interval and ask for metrics.retention', () => {
    const yaml = read('examples/prometheus.yml');
    expect(yaml).toContain('# Run Prometheus with: --storage.tsdb.retention.time=15d');
    expect(yaml).toContain('scrape_interval: 15s');
    expect(yaml).toContain('metrics_path: /metrics');
  });

  it('query the RED and AI metrics by their exposed names', () => {
    const exprs = (grafanaDashboard(metrics)['panels'] as Array<{ targets: Array<{ expr: string }> }>).flatMap((p) =>
      p.targets.map((t) => t.expr),
    );
    for (const name of [
      'assistant_requests_total',
      'assistant_errors_total',
      'assistant_request_duration_seconds_bucket',
      'assistant_active_connections',
      'assistant_ai_tokens_total',
      'assistant_ai_cost_usd_total',
      'assistant_ai_model_latency_seconds_bucket',
      'assistant_ai_provider_healthy',
    ]) {
      expect(
        exprs.some((e) => e.includes(name)),
        name,
      ).toBe(true);
    }
  });
});

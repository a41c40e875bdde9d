import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadObservabilityConfig, type MetricsConfig } from 'nestjs-observability';
import { dashboardPanels, prometheusFlags, prometheusScrapeConfig } from 'nestjs-observability/prometheus';
import { DEFAULT_CONFIG_FILE } from '../../apps/assistant/src/bootstrap.js';
import { bootAssistant } from '../helpers/assistant.js';
import { onFreePort } from '../helpers/ports.js';
import { PrometheusServer, promtoolCheckConfig, promtoolCheckMetrics } from '../helpers/metrics-prometheus.js';

describe('the demo app scraped by a real Prometheus', () => {
  let app: INestApplication;
  let base: string;
  let prometheus: PrometheusServer | undefined;
  let metricsConfig: MetricsConfig;

  beforeAll(async () => {
    ({ app } = await bootAssistant({}, { outputTokens: [10, 10] }));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const chat = (headers: Record<string, string> = {}) =>
      fetch(`${base}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ message: 'hello', conversation_id: 'c1' }),
      });
    for (let i = 0; i < 3; i++) expect((await chat()).status).toBe(200);
    expect((await chat({ 'x-simulate': 'error' })).status).toBe(502);
    expect((await fetch(`${base}/api/memory/c1`)).status).toBe(200);
    expect((await fetch(`${base}/api/agents`)).status).toBe(200);
    expect((await fetch(`${base}/wp-login.php`)).status).toBe(404);
    metricsConfig = loadObservabilityConfig(DEFAULT_CONFIG_FILE, { env: {} }).metrics;
  });
  afterAll(async () => {
    await prometheus?.stop();
    await app?.close();
  });

  it('passes promtool check metrics: no problem for any metric in the exposition', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('assistant_requests_total{method="POST",endpoint="/api/chat",status_code="200"} 3');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('generates a Prometheus configuration that promtool accepts', () => {
    expect(promtoolCheckConfig(prometheusScrapeConfig(metricsConfig, { targets: ['127.0.0.1:3000'] }))).toMatchObject({ status: 0 });
  });

  it('is scraped (OpenMetrics negotiated) and answers PromQL over the HTTP API, dashboard queries included', async () => {
    const scrapeConfig = prometheusScrapeConfig(
      Object.assign(Object.create(Object.getPrototypeOf(metricsConfig) as object), metricsConfig, {
        collection_interval: 1000,
      }) as MetricsConfig,
      {
        targets: [base.replace('http://', '')],
      },
    );
    prometheus = await onFreePort((port) => PrometheusServer.start(scrapeConfig, port, prometheusFlags(metricsConfig)));
    const server = prometheus;
    type Target = { health: string; lastError: string; scrapeUrl: string };
    await server.until(
      async () => {
        const { activeTargets } = await server.api<{ activeTargets: Target[] }>('/api/v1/targets');
        return activeTargets.some((t) => t.health === 'up');
      },
      20_000,
      'the target to be up',
    );
    const { activeTargets } = await server.api<{ activeTargets: Target[] }>('/api/v1/targets');
    expect(activeTargets).toEqual([expect.objectContaining({ health: 'up', lastError: '', scrapeUrl: `${base}/metrics` })]);

    const result = await server.query('sum by (endpoint) (assistant_requests_total)');
    const byEndpoint = Object.fromEntries(result.map((r) => [r.metric['endpoint'], Number(r.value[1])]));
    expect(byEndpoint).toEqual({ '/api/chat': 4, '/api/memory/:id': 1, '/api/agents': 1, __unmatched__: 1 });
    expect(await server.query('sum(assistant_ai_tokens_total{token_type="output"})')).toEqual([
      expect.objectContaining({ value: [expect.any(Number), '30'] }),
    ]);

    // Exemplars only travel in OpenMetrics: finding the requests' trace ids in Prometheus proves the negotiation.
    const now = Date.now() / 1000;
    const exemplars = await server.api<
      Array<{ seriesLabels: Record<string, string>; exemplars: Array<{ labels: Record<string, string> }> }>
    >(
      `/api/v1/query_exemplars?query=${encodeURIComponent('assistant_request_duration_seconds_bucket{endpoint="/api/chat"}')}&start=${now - 600}&end=${now + 60}`,
    );
    expect(exemplars.flatMap((e) => e.exemplars.map((x) => x.labels['trace_id']))).toContainEqual(expect.stringMatching(/^[0-9a-f]{32}$/));

    for (const panel of dashboardPanels(metricsConfig)) {
      for (const { expr } of panel.exprs)
        await expect(server.query(expr.replaceAll('$__rate_interval', '1m')), panel.title).resolves.toBeInstanceOf(Array);
    }
  });
});

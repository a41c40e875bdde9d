import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validateObservabilityConfig } from '../../config/index.js';
import { ExpositionRenderer } from '../exposition/exposition-renderer.js';
import { MetricsService } from '../metrics.service.js';
import { AIMetrics } from './ai-metrics.service.js';

function setup(prices: Record<string, unknown> = {}) {
  const metrics = new MetricsService(
    validateObservabilityConfig({ metrics: { namespace: 'ai', default_metrics: false, ai: { prices, latency_buckets: [0.1, 1] } } })
      .metrics,
  );
  return { metrics, ai: new AIMetrics(metrics) };
}

const lines = async (metrics: MetricsService) =>
  (await new ExpositionRenderer().render(metrics.registry, 'text')).split('\n').filter((l) => l && !l.startsWith('#'));

describe('AIMetrics', () => {
  it('counts tokens by type and the cost of priced models, and only counts unpriced or other token types', async () => {
    const { metrics, ai } = setup({ 'gpt-x': { input_per_1m: 2, output_per_1m: 8 } });
    ai.recordTokenUsage('openai', 'gpt-x', 'input', 1000);
    ai.recordTokenUsage('openai', 'gpt-x', 'output', 500);
    ai.recordTokenUsage('openai', 'gpt-x', 'cached', 300);
    ai.recordTokenUsage('local', 'llama', 'input', 10);
    ai.recordCost('local', 'llama', 0.5);
    expect((await lines(metrics)).filter((l) => l.startsWith('ai_ai_tokens_total') || l.startsWith('ai_ai_cost_usd_total'))).toEqual([
      'ai_ai_tokens_total{provider="openai",model="gpt-x",token_type="input"} 1000',
      'ai_ai_tokens_total{provider="openai",model="gpt-x",token_type="output"} 500',
      'ai_ai_tokens_total{provider="openai",model="gpt-x",token_type="cached"} 300',
      'ai_ai_tokens_total{provider="local",model="llama",token_type="input"} 10',
      `ai_ai_cost_usd_total{provider="openai",model="gpt-x"} ${(1000 * 2) / 1e6 + (500 * 8) / 1e6}`,
      'ai_ai_cost_usd_total{provider="local",model="llama"} 0.5',
    ]);
  });

  it('takes latency in milliseconds or as a duration string, and ignores values that are not amounts', async () => {
    const { metrics, ai } = setup();
    ai.recordModelLatency('p', 'm', 50);
    ai.recordModelLatency('p', 'm', '1.5s');
    ai.recordModelLatency('p', 'm', -3);
    ai.recordModelLatency('p', 'm', 'soon' as never);
    ai.recordTokenUsage('p', 'm', 'input', Number.NaN);
    ai.recordCost('p', 'm', -1);
    expect(
      (await lines(metrics)).filter(
        (l) => l.startsWith('ai_ai_model_latency_seconds') || l.startsWith('ai_ai_tokens') || l.startsWith('ai_ai_cost'),
      ),
    ).toEqual([
      'ai_ai_model_latency_seconds_bucket{provider="p",model="m",le="0.1"} 1',
      'ai_ai_model_latency_seconds_bucket{provider="p",model="m",le="1"} 1',
      'ai_ai_model_latency_seconds_bucket{provider="p",model="m",le="+Inf"} 2',
      'ai_ai_model_latency_seconds_sum{provider="p",model="m"} 1.55',
      'ai_ai_model_latency_seconds_count{provider="p",model="m"} 2',
    ]);
  });

  it('keeps each provider health with its time, for the health pillar, and as a 0/1 gauge', async () => {
    const { metrics, ai } = setup();
    const before = Date.now();
    ai.updateProviderHealth('openai', true);
    ai.updateProviderHealth('anthropic', false);
    ai.updateProviderHealth('openai', false);
    const health = ai.getProviderHealth();
    expect([...health.keys()]).toEqual(['openai', 'anthropic']);
    expect(health.get('openai')?.healthy).toBe(false);
    expect(health.get('openai')?.updatedAt).toBeGreaterThanOrEqual(before);
    expect((await lines(metrics)).filter((l) => l.startsWith('ai_ai_provider_healthy'))).toEqual([
      'ai_ai_provider_healthy{provider="openai"} 0',
      'ai_ai_provider_healthy{provider="anthropic"} 0',
    ]);
  });
});

import { Injectable } from '@nestjs/common';
import { parseDuration, type Duration } from '../../config/index.js';
import type { GuardedCounter, GuardedGauge, GuardedHistogram } from '../cardinality/guarded-metrics.js';
import { sanitizeLabelValue } from '../cardinality/label-values.js';
import { MetricsService } from '../metrics.service.js';

/** Metric names (without the namespace) of AIMetrics; the examples generator reads them from here. */
export const AI_METRICS = {
  tokens: 'ai_tokens_total',
  latency: 'ai_model_latency_seconds',
  cost: 'ai_cost_usd_total',
  providerHealthy: 'ai_provider_healthy',
} as const;

/** `input` and `output` are priced from `metrics.ai.prices`; other token types (`cached`, `reasoning`) are only counted. */
export type TokenType = 'input' | 'output' | (string & {});

export interface ProviderHealth {
  readonly healthy: boolean;
  /** `Date.now()` of the last update. */
  readonly updatedAt: number;
}

/** More providers than this are not tracked in the health map (the gauge's series budget still applies). */
const MAX_PROVIDERS = 256;

/**
 * What an LLM-backed app needs to see: tokens, model latency, cost and provider health. Token usage also counts
 * cost when `metrics.ai.prices` has the model. Invalid numbers (negative, NaN) are ignored, never thrown.
 */
@Injectable()
export class AIMetrics {
  private readonly tokens: GuardedCounter<'provider' | 'model' | 'token_type'>;
  private readonly latency: GuardedHistogram<'provider' | 'model'>;
  private readonly cost: GuardedCounter<'provider' | 'model'>;
  private readonly healthy: GuardedGauge<'provider'>;
  private readonly health = new Map<string, ProviderHealth>();
  private readonly maxLabelLength: number;

  constructor(private readonly metrics: MetricsService) {
    this.maxLabelLength = metrics.config.label_value_max_length;
    this.tokens = metrics.counter({
      name: AI_METRICS.tokens,
      help: 'LLM tokens used, by provider, model and token type (input, output...).',
      labelNames: ['provider', 'model', 'token_type'],
    });
    this.latency = metrics.histogram({
      name: AI_METRICS.latency,
      help: 'LLM call latency in seconds, by provider and model.',
      labelNames: ['provider', 'model'],
      buckets: metrics.config.ai.latency_buckets,
    });
    this.cost = metrics.counter({
      name: AI_METRICS.cost,
      help: 'LLM cost in US dollars, by provider and model.',
      labelNames: ['provider', 'model'],
    });
    this.healthy = metrics.gauge({
      name: AI_METRICS.providerHealthy,
      help: '1 when the last call to the provider succeeded, 0 when it failed.',
      labelNames: ['provider'],
    });
  }

  recordTokenUsage(provider: string, model: string, tokenType: TokenType, count: number): void {
    if (!isAmount(count)) return;
    this.tokens.inc({ provider, model, token_type: tokenType }, count);
    const price = this.metrics.config.ai.prices[model];
    if (!price || (tokenType !== 'input' && tokenType !== 'output')) return;
    const usd = (count * (tokenType === 'input' ? price.input_per_1m : price.output_per_1m)) / 1_000_000;
    if (usd > 0) this.cost.inc({ provider, model }, usd);
  }

  /** `latency` in milliseconds, or a duration string (`"1.5s"`). */
  recordModelLatency(provider: string, model: string, latency: number | Duration): void {
    const ms = typeof latency === 'number' ? latency : parseDuration(latency);
    if (ms === undefined || !isAmount(ms)) return;
    this.latency.observe({ provider, model }, ms / 1000);
  }

  recordCost(provider: string, model: string, usd: number): void {
    if (isAmount(usd) && usd > 0) this.cost.inc({ provider, model }, usd);
  }

  updateProviderHealth(provider: string, healthy: boolean): void {
    this.healthy.set({ provider }, healthy ? 1 : 0);
    const key = sanitizeLabelValue(provider, this.maxLabelLength);
    if (this.health.has(key) || this.health.size < MAX_PROVIDERS) this.health.set(key, { healthy, updatedAt: Date.now() });
  }

  /** Each provider's last reported health, for the health pillar. */
  getProviderHealth(): ReadonlyMap<string, ProviderHealth> {
    return this.health;
  }
}

function isAmount(n: number): boolean {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}

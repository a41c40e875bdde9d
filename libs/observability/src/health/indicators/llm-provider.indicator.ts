import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

/** The part of AIMetrics this check reads (`AIMetrics` from the metrics pillar satisfies it): per provider, healthy or not as of its latest call. */
export interface ProviderHealthSource {
  getProviderHealth(): ReadonlyMap<string, { readonly healthy: boolean; readonly updatedAt: number }>;
}

/**
 * LLM providers as seen by the calls the app makes (no extra traffic to the provider): up while every provider is
 * healthy, degraded while some are (a fallback can still serve), down when none is.
 */
@Injectable()
export class LlmProviderIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  check<const Key extends string>(key: Key, source: ProviderHealthSource, now = Date.now()): HealthIndicatorResult<Key> {
    const session = this.indicators.check(key);
    const providers: Record<string, { healthy: boolean; updated_s_ago: number }> = {};
    const unhealthy: string[] = [];
    for (const [name, health] of source.getProviderHealth()) {
      providers[name] = { healthy: health.healthy, updated_s_ago: Math.max(0, Math.round((now - health.updatedAt) / 1000)) };
      if (!health.healthy) unhealthy.push(name);
    }
    const count = Object.keys(providers).length;
    if (count === 0) return session.up({ message: 'no provider calls yet' });
    if (unhealthy.length === 0) return session.up({ providers });
    const message = `unhealthy: ${unhealthy.join(', ')}`;
    return unhealthy.length === count ? session.down({ message, providers }) : session.degraded({ message, providers });
  }
}

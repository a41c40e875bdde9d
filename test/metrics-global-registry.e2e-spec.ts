import 'reflect-metadata';
import { Injectable, Logger, Module, type INestApplication } from '@nestjs/common';
import { MetricsModule, MetricsService } from 'nestjs-observability';
import { Counter, Gauge, register } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootMetricsApp, scrape, type Platform } from './helpers/metrics-app.js';

/** A metric of the suite's own registry, registered at startup. */
@Injectable()
class QueueDepth {
  constructor(metrics: MetricsService) {
    metrics.gauge({ name: 'queue_depth', help: 'Jobs waiting' }).set(5);
  }
}

@Module({ providers: [QueueDepth] })
class QueueModule {}

/**
 * What @willsoto/nestjs-prometheus and hand-written prom-client code register goes to prom-client's global
 * registry; `metrics.include_global_registry` serves it at /metrics too, after the suite's own metrics.
 */
describe.each(['express', 'fastify'] as Platform[])('metrics.include_global_registry (%s)', (platform) => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    register.clear();
    vi.restoreAllMocks();
  });

  const boot = (include: boolean) =>
    bootMetricsApp(
      [
        MetricsModule.forRoot({ metrics: { namespace: 'shop', default_metrics: false, include_global_registry: include } }),
        { module: QueueModule },
      ],
      platform,
    );

  it("serves the global registry merged with the suite's; a name in both is served once, ours, and reported at startup", async () => {
    new Counter({ name: 'legacy_orders_total', help: 'Orders (hand-written prom-client)', labelNames: ['channel'] }).inc(
      { channel: 'web' },
      3,
    );
    new Gauge({ name: 'shop_queue_depth', help: 'Registered globally too' }).set(99);
    const warn = vi.spyOn(Logger.prototype, 'warn');
    app = await boot(true);

    const exposition = await scrape(app);
    expect(exposition).toContain(
      '# HELP legacy_orders_total Orders (hand-written prom-client)\n# TYPE legacy_orders_total counter\nlegacy_orders_total{channel="web"} 3\n',
    );
    expect(exposition).toContain('# HELP shop_queue_depth Jobs waiting\n# TYPE shop_queue_depth gauge\nshop_queue_depth 5\n');
    expect(exposition.match(/^# TYPE shop_queue_depth /gm)).toHaveLength(1);
    expect(exposition).not.toContain('shop_queue_depth 99');
    expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
      "prom-client's global registry has metric(s) named like this app's: shop_queue_depth (observability.metrics.include_global_registry). " +
        "/metrics serves these names from this app's registry only; rename the global ones (or set metrics.namespace) to see both.",
    );
  });

  it('leaves the global registry out by default', async () => {
    new Counter({ name: 'legacy_orders_total', help: 'Orders (hand-written prom-client)' }).inc();
    app = await boot(false);
    const exposition = await scrape(app);
    expect(exposition).toContain('shop_queue_depth 5');
    expect(exposition).not.toContain('legacy_orders_total');
  });
});

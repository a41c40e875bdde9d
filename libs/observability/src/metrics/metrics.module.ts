import { resolveSection } from '../config/index.js';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AIMetrics } from './ai/ai-metrics.service.js';
import { MeteredExplorer } from './decorators/metered.explorer.js';
import { MetricsExposition } from './exposition/metrics-exposition.js';
import { ERROR_CLASSIFIER, METRICS_CONFIG, METRICS_MODULE_OPTIONS } from './metrics.constants.js';
import { MetricsConfigurableModule, type MetricsModuleOptions } from './metrics.module-definition.js';
import { MetricsService } from './metrics.service.js';
import { createErrorClassifier } from './red/error-classifier.js';
import { RequestMetrics } from './red/request-metrics.js';

/**
 * Prometheus metrics in a registry owned by this module instance: RED metrics for every request (by route
 * template), `@Metered`, AIMetrics, custom metrics through MetricsService, a series budget on every metric, and
 * the exposition at `metrics.path` (text, or OpenMetrics with exemplars when the scraper asks for it).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: METRICS_CONFIG,
      useFactory: (options: MetricsModuleOptions) => resolveSection('metrics', options.metrics),
      inject: [METRICS_MODULE_OPTIONS],
    },
    {
      provide: ERROR_CLASSIFIER,
      useFactory: (options: MetricsModuleOptions) => createErrorClassifier(options.errorClassification),
      inject: [METRICS_MODULE_OPTIONS],
    },
    MetricsService,
    AIMetrics,
    RequestMetrics,
    MetricsExposition,
    MeteredExplorer,
  ],
  exports: [MetricsService, AIMetrics, MetricsExposition, METRICS_CONFIG],
})
export class MetricsModule extends MetricsConfigurableModule {}

export { AI_METRICS, AIMetrics, type ProviderHealth, type TokenType } from './ai/ai-metrics.service.js';
export { GuardedCounter, GuardedGauge, GuardedHistogram, type BoundCounter, type BoundHistogram } from './cardinality/guarded-metrics.js';
export { Metered, type MeteredOptions } from './decorators/metered.decorator.js';
export { METERED_METRICS } from './decorators/metered.explorer.js';
export {
  dashboardPanels,
  grafanaDashboard,
  prometheusFlags,
  prometheusScrapeConfig,
  type ScrapeConfigOptions,
} from './examples/metrics-examples.js';
export { negotiateFormat, OPENMETRICS_CONTENT_TYPE, TEXT_CONTENT_TYPE, type ExpositionFormat } from './exposition/exposition-renderer.js';
export { MetricsExposition } from './exposition/metrics-exposition.js';
export { OVERFLOW_LABEL_VALUE } from './metrics.constants.js';
export { MetricsModule } from './metrics.module.js';
export type { MetricsModuleExtras, MetricsModuleOptions } from './metrics.module-definition.js';
export { MetricsService, type CounterOptions, type GaugeOptions, type HistogramOptions } from './metrics.service.js';
export { classifyError, classifyStatus, ERROR_TYPES, type ErrorClassification, type ErrorClassifier } from './red/error-classifier.js';
export { RED_METRICS } from './red/request-metrics.js';

export { ObservabilityConfigError, type ConfigIssue } from './config.errors.js';
export { type ConfigInput, type ObservabilityOptions } from './config.types.js';
export { formatDuration, parseDuration, type Duration, type DurationMs } from './duration.js';
export {
  loadObservabilityConfig,
  loadObservabilityConfigFile,
  type LoadConfigOptions,
  type LoadedObservabilityConfig,
} from './load-config.js';
export { AdaptiveConfig, ScalingConfig } from './schema/adaptive.schema.js';
export {
  AlertmanagerNotificationConfig,
  AlertsConfig,
  EmailNotificationConfig,
  LogNotificationConfig,
  NotificationConfig,
  SilenceConfig,
  SlackNotificationConfig,
  WebhookNotificationConfig,
  alertsConfigIssues,
} from './schema/alerts.schema.js';
export { AnomalyConfig } from './schema/anomaly.schema.js';
export { CorrelationConfig, FlappingConfig, InhibitRuleConfig, RateLimitConfig } from './schema/alert-fatigue.schema.js';
export { ContextConfig } from './schema/context.schema.js';
export {
  DiskCheckConfig,
  EventLoopCheckConfig,
  HealthChecksConfig,
  HealthConfig,
  HttpCheckConfig,
  LlmCheckConfig,
  MemoryCheckConfig,
} from './schema/health.schema.js';
export { LOG_LEVELS, LoggingConfig, type LogLevel } from './schema/logging.schema.js';
export { LokiConfig } from './schema/loki.schema.js';
export { ManagementConfig } from './schema/management.schema.js';
export { AiMetricsConfig, MetricsConfig, type ModelPrice } from './schema/metrics.schema.js';
export { ObservabilityConfig } from './schema/observability.schema.js';
export { ProfilingConfig } from './schema/profiling.schema.js';
export {
  TailBufferConfig,
  TRACING_INSTRUMENTATIONS,
  TracingBatchConfig,
  TracingConfig,
  type TracingExporterName,
  type TracingInstrumentationName,
} from './schema/tracing.schema.js';
export { validateObservabilityConfig } from './validate-config.js';
export { OBSERVABILITY_CONFIG } from './config.constants.js';
export { resolveSection } from './resolve-section.js';

import { AdaptiveConfig } from './adaptive.schema.js';
import { AlertsConfig } from './alerts.schema.js';
import { ContextConfig } from './context.schema.js';
import { HealthConfig } from './health.schema.js';
import { LoggingConfig } from './logging.schema.js';
import { ManagementConfig } from './management.schema.js';
import { MetricsConfig } from './metrics.schema.js';
import { ProfilingConfig } from './profiling.schema.js';
import { TracingConfig } from './tracing.schema.js';
import { Section } from './validators.js';

/** The whole configuration: the `observability:` key of the YAML file, or the object given to `forRoot`. */
export class ObservabilityConfig {
  @Section(() => LoggingConfig) logging: LoggingConfig = new LoggingConfig();
  @Section(() => MetricsConfig) metrics: MetricsConfig = new MetricsConfig();
  @Section(() => TracingConfig) tracing: TracingConfig = new TracingConfig();
  @Section(() => ProfilingConfig) profiling: ProfilingConfig = new ProfilingConfig();
  @Section(() => HealthConfig) health: HealthConfig = new HealthConfig();
  @Section(() => AlertsConfig) alerts: AlertsConfig = new AlertsConfig();
  @Section(() => ManagementConfig) management: ManagementConfig = new ManagementConfig();
  @Section(() => ContextConfig) context: ContextConfig = new ContextConfig();
  @Section(() => AdaptiveConfig) adaptive: AdaptiveConfig = new AdaptiveConfig();
}

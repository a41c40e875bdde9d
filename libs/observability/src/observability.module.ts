import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata, type Provider } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AdaptiveTelemetryModule } from './adaptive/index.js';
import { AlertingModule } from './alerting/index.js';
import { OBSERVABILITY_CONFIG, type ObservabilityOptions, type ObservabilityConfig, validateObservabilityConfig } from './config/index.js';
import { ContextModule } from './context/index.js';
import { HealthModule } from './health/index.js';
import { LoggingModule } from './logging/index.js';
import { MetricsModule, type ErrorClassification } from './metrics/index.js';
import { ProfilingModule } from './profiling/index.js';
import { TracingModule } from './tracing/index.js';

/** What YAML cannot express: objects handed over in code. */
export interface ObservabilityRuntimeOptions {
  /** Write logs here instead of `logging.output` (tests, custom transports). */
  logDestination?: DestinationStream;
  /** How metrics name failures in `error_type` labels (a function, or error class name → type). */
  errorClassification?: ErrorClassification;
  /**
   * Install the metrics pillar's global RED interceptor: errors named by the exception the handler threw, RPC and
   * WebSocket handlers measured. Costs Nest's per-request interceptor pipeline (see docs/DESIGN.md). Static (it shapes
   * the module graph). @default false
   */
  metricsInterceptor?: boolean;
  /** The clock alert evaluations read (unix ms), for tests that step time instead of waiting. @default Date.now */
  alertingClock?: () => number;
  /** The clock the load history is stamped with (unix ms). @default Date.now */
  adaptiveClock?: () => number;
}

export interface ObservabilityModuleAsyncOptions extends ObservabilityRuntimeOptions, Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => ObservabilityOptions | ObservabilityConfig | Promise<ObservabilityOptions | ObservabilityConfig>;
  inject?: FactoryProvider['inject'];
}

/** Holds the one validated configuration that every composed pillar reads. */
@Module({})
class ObservabilityConfigModule {}

/**
 * Everything from one import: `ObservabilityModule.forRoot(config)`. It only composes the pillar modules, each of
 * which also works on its own; the configuration is validated once (at startup) and shared.
 */
@Module({})
export class ObservabilityModule {
  /** Validates `options` now (a bad field throws at startup, naming its path) and composes the pillars. */
  static forRoot(options: ObservabilityOptions | ObservabilityConfig = {}, runtime: ObservabilityRuntimeOptions = {}): DynamicModule {
    const config = validateObservabilityConfig(options);
    return ObservabilityModule.compose({ provide: OBSERVABILITY_CONFIG, useValue: config }, [], runtime);
  }

  /** The configuration comes from a factory (ConfigService, a secrets store…); it runs once and is validated. */
  static forRootAsync(options: ObservabilityModuleAsyncOptions): DynamicModule {
    const provider: FactoryProvider = {
      provide: OBSERVABILITY_CONFIG,
      useFactory: async (...args: never[]) => validateObservabilityConfig(await options.useFactory(...args)),
      inject: options.inject ?? [],
    };
    return ObservabilityModule.compose(provider, options.imports ?? [], options);
  }

  private static compose(
    configProvider: Provider,
    imports: NonNullable<ModuleMetadata['imports']>,
    runtime: ObservabilityRuntimeOptions,
  ): DynamicModule {
    const configModule: DynamicModule = {
      module: ObservabilityConfigModule,
      imports,
      providers: [configProvider],
      exports: [OBSERVABILITY_CONFIG],
    };
    const fromConfig = <T>(select: (config: ObservabilityConfig) => T) => ({
      imports: [configModule],
      inject: [OBSERVABILITY_CONFIG],
      useFactory: select,
    });
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        configModule,
        ContextModule.forRootAsync(fromConfig((c) => c.context)),
        LoggingModule.forRootAsync({
          ...fromConfig((c) => ({ logging: c.logging, destination: runtime.logDestination })),
          withContext: false,
        }),
        MetricsModule.forRootAsync({
          ...fromConfig((c) => ({ metrics: c.metrics, errorClassification: runtime.errorClassification })),
          interceptor: runtime.metricsInterceptor ?? false,
          withContext: false,
        }),
        HealthModule.forRootAsync(fromConfig((c) => ({ health: c.health, management: c.management, redact: c.logging.redact }))),
        TracingModule.forRootAsync({ ...fromConfig((c) => ({ tracing: c.tracing, redact: c.logging.redact })), withContext: false }),
        ProfilingModule.forRootAsync({ ...fromConfig((c) => ({ profiling: c.profiling, management: c.management })), withContext: false }),
        AlertingModule.forRootAsync(
          fromConfig((c) => ({
            alerts: c.alerts,
            management: c.management,
            serviceVersion: c.tracing.service_version,
            clock: runtime.alertingClock,
          })),
        ),
        AdaptiveTelemetryModule.forRootAsync(
          fromConfig((c) => ({ adaptive: c.adaptive, management: c.management, clock: runtime.adaptiveClock })),
        ),
      ],
      exports: [
        configModule,
        ContextModule,
        LoggingModule,
        MetricsModule,
        HealthModule,
        TracingModule,
        ProfilingModule,
        AlertingModule,
        AdaptiveTelemetryModule,
      ],
    };
  }
}

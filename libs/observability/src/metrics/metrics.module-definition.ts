import { ConfigurableModuleBuilder } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { ConfigInput, MetricsConfig } from '../config/index.js';
import { ContextModule } from '../context/index.js';
import { RequestMetricsInterceptor } from './interceptors/request-metrics.interceptor.js';
import { METRICS_MODULE_OPTIONS } from './metrics.constants.js';
import type { ErrorClassification } from './red/error-classifier.js';

export interface MetricsModuleOptions {
  /** The `observability.metrics` section. */
  metrics?: ConfigInput<MetricsConfig> | MetricsConfig;
  /**
   * How `error_type` labels name failures, tried before the built-in rules: a function returning a type (or
   * `undefined` to fall through), or a map from error class name to type (`{ ProviderError: 'provider' }`).
   */
  errorClassification?: ErrorClassification;
}

export interface MetricsModuleExtras {
  /** Make MetricsService and AIMetrics injectable everywhere. @default true */
  isGlobal: boolean;
  /**
   * Import ContextModule with default settings (route templates for Fastify requests come from it). Pass `false`
   * when the app imports `ContextModule.forRoot(...)` itself. @default true
   */
  withContext: boolean;
  /**
   * Register the RED interceptor globally. It names the errors handlers throw (`validation`, `timeout`, the
   * exception's class, the app's classification) and measures RPC/WebSocket handlers. Without it, every HTTP request
   * is still counted and errors are named after the Nest exception class of their status; Nest then skips its
   * per-request interceptor pipeline in apps that have no other global interceptor, which measured here costs about
   * 30% of a trivial endpoint's throughput. Static: it shapes the module graph. @default false
   */
  interceptor: boolean;
}

export const {
  ConfigurableModuleClass: MetricsConfigurableModule,
  OPTIONS_TYPE: METRICS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: METRICS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MetricsModuleOptions>({ optionsInjectionToken: METRICS_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<MetricsModuleExtras>({ isGlobal: true, withContext: true, interceptor: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), ...(extras.withContext ? [ContextModule.forRoot({})] : [])],
    providers: [
      ...(definition.providers ?? []),
      ...(extras.interceptor ? [{ provide: APP_INTERCEPTOR, useClass: RequestMetricsInterceptor }] : []),
    ],
  }))
  .build();

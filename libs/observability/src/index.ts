export * from './alerting/index.js';
export { OBSERVABILITY_CONFIG } from './config/config.constants.js';
export * from './config/index.js';
export * from './context/index.js';
export * from './health/index.js';
export * from './logging/index.js';
export * from './metrics/index.js';
export * from './tracing/index.js';
export { ObservabilityModule, type ObservabilityModuleAsyncOptions, type ObservabilityRuntimeOptions } from './observability.module.js';

export const DUPLICATE_METRIC_TYPE = (name: string, existing: string, wanted: string): string =>
  `Metric ${name} is already registered as a ${existing}; cannot register it again as a ${wanted}`;

export const DUPLICATE_METRIC_LABELS = (name: string, existing: readonly string[], wanted: readonly string[]): string =>
  `Metric ${name} is already registered with labels [${existing.join(', ')}]; cannot register it again with [${wanted.join(', ')}]`;

export const METERED_ON_NON_METHOD = (name: string): string => `@Metered() can only decorate methods; ${name} is not one`;

export const GLOBAL_REGISTRY_CLASH = (names: readonly string[]): string =>
  `prom-client's global registry has metric(s) named like this app's: ${names.join(', ')} ` +
  "(observability.metrics.include_global_registry). /metrics serves these names from this app's registry only; " +
  'rename the global ones (or set metrics.namespace) to see both.';

export const METRICS_UNAVAILABLE = 'metrics unavailable\n';

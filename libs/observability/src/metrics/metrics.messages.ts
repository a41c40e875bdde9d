export const DUPLICATE_METRIC_TYPE = (name: string, existing: string, wanted: string): string =>
  `Metric ${name} is already registered as a ${existing}; cannot register it again as a ${wanted}`;

export const DUPLICATE_METRIC_LABELS = (name: string, existing: readonly string[], wanted: readonly string[]): string =>
  `Metric ${name} is already registered with labels [${existing.join(', ')}]; cannot register it again with [${wanted.join(', ')}]`;

export const METRICS_PORT_IN_USE = (port: number, host: string | undefined, reason: string): string =>
  `Cannot serve metrics on ${host ?? '*'}:${port} (observability.metrics.port): ${reason}`;

export const METERED_ON_NON_METHOD = (name: string): string => `@Metered() can only decorate methods; ${name} is not one`;

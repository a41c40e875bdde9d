import { ObservabilityConfig } from './schema/observability.schema.js';
import { validateObservabilityConfig } from './validate-config.js';

type SectionName = Exclude<keyof ObservabilityConfig, never>;

/**
 * Validates one section given to a pillar module on its own (`LoggingModule.forRoot({...})`) with the same rules,
 * defaults and messages as the whole file. A section already validated (from `ObservabilityModule`) passes through.
 */
export function resolveSection<K extends SectionName>(name: K, input: unknown): ObservabilityConfig[K] {
  const defaults = new ObservabilityConfig();
  if (input instanceof defaults[name].constructor) return input as ObservabilityConfig[K];
  return validateObservabilityConfig({ [name]: input ?? {} })[name];
}

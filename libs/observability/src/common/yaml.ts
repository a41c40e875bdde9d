import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

const load = createRequire(import.meta.url);
let yaml: Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: only an app that reads or writes a YAML file (its configuration file,
 * alert rules, the examples endpoints) needs it, and loading it costs ~45 ms of startup CPU (measured on the bench
 * machine with `require('yaml')`), more through the ESM-to-CommonJS bridge.
 */
export function yamlModule(): Yaml {
  return (yaml ??= load('yaml') as Yaml);
}

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { INSTRUMENTATION_NOT_OFFERED, NO_INSTRUMENTATION_CLASS } from './common.messages.js';

/** The package whose instrumentations can be enabled by name, on top of the suite's own. */
export const AUTO_INSTRUMENTATIONS_PACKAGE = '@opentelemetry/auto-instrumentations-node';
const PREFIX = '@opentelemetry/instrumentation-';

const load = createRequire(import.meta.url);

/** `@opentelemetry/auto-instrumentations-node` as installed next to the app: its folder and what it depends on. */
function autoInstrumentations(): { dir: string; dependencies: string[] } | undefined {
  let dir: string;
  try {
    dir = dirname(load.resolve(AUTO_INSTRUMENTATIONS_PACKAGE));
  } catch {
    return undefined;
  }
  // Its `exports` does not expose package.json: walk up from the entry point to its manifest.
  for (; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; dependencies?: Record<string, string> };
    if (pkg.name === AUTO_INSTRUMENTATIONS_PACKAGE) return { dir, dependencies: Object.keys(pkg.dependencies ?? {}) };
  }
  return undefined;
}

/**
 * The instrumentations `@opentelemetry/auto-instrumentations-node` offers, by the name after
 * `@opentelemetry/instrumentation-` (`kafkajs`, `graphql`, `aws-sdk`), or undefined when it is not installed.
 */
export function ecosystemInstrumentationNames(): string[] | undefined {
  return autoInstrumentations()
    ?.dependencies.filter((name) => name.startsWith(PREFIX))
    .map((name) => name.slice(PREFIX.length));
}

/**
 * Loads one instrumentation of `@opentelemetry/auto-instrumentations-node` by name, from that package's own
 * dependencies (only this one: loading all of them is what getNodeAutoInstrumentations costs), with its defaults.
 */
export function loadEcosystemInstrumentation(name: string): Instrumentation {
  const auto = autoInstrumentations();
  const pkg = PREFIX + name;
  if (!auto?.dependencies.includes(pkg)) throw new Error(INSTRUMENTATION_NOT_OFFERED(AUTO_INSTRUMENTATIONS_PACKAGE, pkg));
  const exports = createRequire(join(auto.dir, 'package.json'))(pkg) as Record<string, unknown>;
  const Class = Object.values(exports).find(
    (value): value is new () => Instrumentation =>
      typeof value === 'function' &&
      typeof (value.prototype as Partial<Instrumentation> | undefined)?.enable === 'function' &&
      typeof (value.prototype as Partial<Instrumentation> | undefined)?.setTracerProvider === 'function',
  );
  if (!Class) throw new Error(NO_INSTRUMENTATION_CLASS(pkg));
  return new Class();
}

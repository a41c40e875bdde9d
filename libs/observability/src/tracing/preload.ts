import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { propagation, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { resolveSection } from '../common/resolve-section.js';
import { loadObservabilityConfigFile } from '../config/load-config.js';
import type { ConfigInput } from '../config/config.types.js';
import type { TracingConfig, TracingInstrumentationName } from '../config/schema/tracing.schema.js';
import { enabledInstrumentations, loadInstrumentations } from './runtime/instrumentations.js';
import { createPropagator, ensureContextManager, ensurePropagator } from './runtime/otel-globals.js';
import { tracingDisabledByEnv } from './runtime/trace-destination.js';
import { TracingRuntime } from './runtime/tracing-runtime.js';
import { PRELOAD_HANDLE_KEY } from './tracing.constants.js';

/** Where the preload looks for the YAML file when `OBSERVABILITY_CONFIG` is not set (relative to the working directory). */
export const DEFAULT_PRELOAD_CONFIG_FILE = 'config/observability.yaml';

/** What the preload leaves on `globalThis[Symbol.for('nestjs-observability.tracing.preload')]` for TracingModule. */
export interface TracingPreloadHandle {
  readonly runtime: TracingRuntime;
  /** The file the configuration came from, or `"defaults and environment"`. */
  readonly source: string;
  readonly instrumentations: readonly TracingInstrumentationName[];
  /** An app binds; the runtime is shut down when the last app that bound releases it. */
  acquire(): (() => Promise<void>) | undefined;
  /** Undoes the preload: instrumentations off, globals unregistered, runtime shut down (tests, hot reload). */
  stop(): Promise<void>;
}

export interface StartTracingOptions {
  /** The `observability.tracing` section; with `configFile` unset and this unset, the environment decides. */
  tracing?: ConfigInput<TracingConfig> | TracingConfig;
  /** Read the section from this YAML file (the same file the app reads). */
  configFile?: string;
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

type GlobalWithHandle = typeof globalThis & { [PRELOAD_HANDLE_KEY]?: TracingPreloadHandle };

/** The handle a preload left in this process, if any. */
export function tracingPreloadHandle(): TracingPreloadHandle | undefined {
  return (globalThis as GlobalWithHandle)[PRELOAD_HANDLE_KEY];
}

/** The configuration file the preload reads: `OBSERVABILITY_CONFIG`, else `config/observability.yaml` if it exists. */
export function preloadConfigFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['OBSERVABILITY_CONFIG'];
  if (fromEnv) return fromEnv;
  return existsSync(resolve(DEFAULT_PRELOAD_CONFIG_FILE)) ? DEFAULT_PRELOAD_CONFIG_FILE : undefined;
}

/**
 * Starts tracing for the whole process before the application's modules load: the provider with the suite's
 * samplers and export queue, registered as OpenTelemetry's global provider, W3C propagation, the context manager,
 * and the enabled auto-instrumentations. Synchronous, so that it is done before the next `require` or `import` of
 * the app runs, whichever way the preload was loaded. Idempotent: a second call returns the first handle.
 */
export function startTracing(options: StartTracingOptions = {}): TracingPreloadHandle | undefined {
  const existing = tracingPreloadHandle();
  if (existing) return existing;
  const env = options.env ?? process.env;
  const file = options.configFile;
  const config = file ? loadObservabilityConfigFile(file, { env }).config.tracing : resolveSection('tracing', options.tracing ?? {});
  if (!config.enabled || tracingDisabledByEnv(env)) return undefined;
  const runtime = TracingRuntime.create(config, { exporter: options.exporter, env });
  ensureContextManager();
  ensurePropagator(createPropagator());
  trace.setGlobalTracerProvider(runtime.provider);
  const names = enabledInstrumentations(config);
  const instrumentations = loadInstrumentations(names);
  const unregister = registerInstrumentations({ instrumentations, tracerProvider: runtime.provider });
  let leases = 0;
  // An app that never binds (no TracingModule) still gets its spans out when the event loop drains.
  const onBeforeExit = (): void => void runtime.shutdown();
  process.once('beforeExit', onBeforeExit);
  const handle: TracingPreloadHandle = {
    runtime,
    source: file ? resolve(file) : 'defaults and environment',
    instrumentations: names,
    acquire() {
      if (runtime.isShutdown) return undefined;
      leases++;
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        leases--;
        if (leases === 0) await runtime.shutdown();
        else await runtime.flush();
      };
    },
    async stop() {
      process.removeListener('beforeExit', onBeforeExit);
      unregister();
      trace.disable();
      propagation.disable();
      delete (globalThis as GlobalWithHandle)[PRELOAD_HANDLE_KEY];
      await runtime.shutdown();
    },
  };
  (globalThis as GlobalWithHandle)[PRELOAD_HANDLE_KEY] = handle;
  return handle;
}

/** What `node --import nestjs-observability/register` runs: the file named by the environment, or defaults + env. */
export function startTracingFromEnvironment(env: NodeJS.ProcessEnv = process.env): TracingPreloadHandle | undefined {
  return startTracing({ configFile: preloadConfigFile(env), env });
}

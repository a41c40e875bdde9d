import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { propagation, trace } from '../common/index.js';
import { registerInstrumentations, AlwaysOffSampler, TracerProvider } from './runtime/otel-sdk.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { loadObservabilityConfigFile, type ConfigInput, type TracingConfig, resolveSection } from '../config/index.js';
import { enabledInstrumentations, loadInstrumentations } from './runtime/instrumentations.js';
import { registerNarrowly } from './runtime/require-filter.js';
import { createPropagator, ensureContextManager, ensurePropagator } from './runtime/otel-globals.js';
import { tracingDisabledByEnv } from './runtime/trace-destination.js';
import { SwitchableTracerProvider } from './runtime/switchable-tracer-provider.js';
import { TracingRuntime } from './runtime/tracing-runtime.js';
import { TRACING_MESSAGES } from './tracing.messages.js';
import { PRELOAD_HANDLE_KEY } from './tracing.constants.js';

/** Where the preload looks for the YAML file when `OBSERVABILITY_CONFIG` is not set (relative to the working directory). */
export const DEFAULT_PRELOAD_CONFIG_FILE = 'config/observability.yaml';

/** What an app gets when it binds to the preload: the pipeline its own configuration decided, and its lease. */
export interface TracingPreloadLease {
  /** Undefined when the app's configuration turns tracing off. */
  readonly runtime?: TracingRuntime;
  /** Flushes; the last app to release shuts the pipelines down. */
  release(): Promise<void>;
}

/** What the preload leaves on `globalThis[Symbol.for('nestjs-observability.tracing.preload')]` for TracingModule. */
export interface TracingPreloadHandle {
  /** The preload's own pipeline, built from what it read; it holds its spans until an app's configuration arrives. */
  readonly runtime: TracingRuntime;
  /** The file the configuration came from, or `"defaults and environment"`. */
  readonly source: string;
  /** The instrumentations it enabled, by name (the suite's own, then those of auto-instrumentations-node). */
  readonly instrumentations: readonly string[];
  /**
   * An app binds with its own tracing configuration, which decides the pipeline (exporter, endpoint, headers,
   * sampling, resource) from then on; the spans the preload held follow it. Throws when the configuration asks for
   * what the preload cannot give any more (an instrumentation it did not load, a second app with another pipeline).
   * Undefined once the preload's pipelines were shut down.
   */
  acquire(config?: TracingConfig, exporter?: SpanExporter, redact?: readonly string[]): TracingPreloadLease | undefined;
  /** Undoes the preload: instrumentations off, globals unregistered, runtime shut down (tests, hot reload). */
  stop(): Promise<void>;
}

/**
 * How long the preload holds its spans waiting for an app's configuration before they follow its own: an app
 * without TracingModule still gets them exported, and one that binds later takes over from then on.
 */
export const PRELOAD_HOLD_MS = 30_000;

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
  const loaded = file ? loadObservabilityConfigFile(file, { env }).config : undefined;
  const config = loaded ? loaded.tracing : resolveSection('tracing', options.tracing ?? {});
  if (!config.enabled || tracingDisabledByEnv(env)) return undefined;
  const runtime = TracingRuntime.create(config, { exporter: options.exporter, env, hold: true, redact: loaded?.logging.redact });
  const provider = new SwitchableTracerProvider(runtime.provider);
  ensureContextManager();
  ensurePropagator(createPropagator());
  trace.setGlobalTracerProvider(provider);
  const names = enabledInstrumentations(config);
  const { instrumentations, unregister } = registerNarrowly(
    () => loadInstrumentations(names),
    (list) => (list.length === 0 ? () => {} : registerInstrumentations({ instrumentations: list, tracerProvider: provider })),
  );
  const source = file ? resolve(file) : 'defaults and environment';
  let bound: { config: TracingConfig; runtime: TracingRuntime | undefined } | undefined;
  let leases = 0;
  const holdTimer = setTimeout(() => runtime.settle(), PRELOAD_HOLD_MS);
  holdTimer.unref();
  const shutdownAll = async (): Promise<void> => {
    clearTimeout(holdTimer);
    await Promise.all([runtime.shutdown(), bound?.runtime?.shutdown()]);
  };
  // An app that never binds (no TracingModule) still gets its spans out when the event loop drains.
  const onBeforeExit = (): void => void shutdownAll();
  process.once('beforeExit', onBeforeExit);

  const bind = (
    appConfig: TracingConfig,
    exporter: SpanExporter | undefined,
    redact: readonly string[] | undefined,
  ): TracingRuntime | undefined => {
    clearTimeout(holdTimer);
    if (!appConfig.enabled) {
      // The app turns tracing off: what the preload held, and whatever it would record, goes nowhere.
      for (const instrumentation of instrumentations) instrumentation.disable();
      runtime.discard();
      provider.use(new TracerProvider({ sampler: new AlwaysOffSampler() }));
      bound = { config: appConfig, runtime: undefined };
      return undefined;
    }
    const wanted = enabledInstrumentations(appConfig);
    const missing = wanted.filter((name) => !names.includes(name));
    if (missing.length > 0) throw new Error(TRACING_MESSAGES.instrumentationNotPreloaded(missing, source));
    instrumentations.forEach((instrumentation, i) => {
      if (!wanted.includes(names[i]!)) instrumentation.disable();
    });
    const ownPipeline = sameSettings(appConfig, config) && (exporter === undefined || exporter === options.exporter);
    const target = ownPipeline ? runtime : TracingRuntime.create(appConfig, { exporter, env, redact });
    runtime.settle(target);
    provider.use(target.provider);
    bound = { config: appConfig, runtime: target };
    return target;
  };

  const handle: TracingPreloadHandle = {
    runtime,
    source,
    instrumentations: names,
    acquire(appConfig = config, exporter, redact) {
      if (runtime.isShutdown) return undefined;
      let target: TracingRuntime | undefined;
      if (!bound) target = bind(appConfig, exporter, redact);
      else if (sameSettings(appConfig, bound.config)) target = bound.runtime;
      else throw new Error(TRACING_MESSAGES.secondPipeline(source));
      leases++;
      let released = false;
      return {
        runtime: target,
        async release() {
          if (released) return;
          released = true;
          leases--;
          if (leases === 0) await shutdownAll();
          else await target?.flush();
        },
      };
    },
    async stop() {
      process.removeListener('beforeExit', onBeforeExit);
      unregister();
      trace.disable();
      propagation.disable();
      delete (globalThis as GlobalWithHandle)[PRELOAD_HANDLE_KEY];
      await shutdownAll();
    },
  };
  (globalThis as GlobalWithHandle)[PRELOAD_HANDLE_KEY] = handle;
  return handle;
}

/** Two configurations that build the same pipeline. */
function sameSettings(a: TracingConfig, b: TracingConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What `node --import nestjs-observability/register` runs: the file named by the environment, or defaults + env. */
export function startTracingFromEnvironment(env: NodeJS.ProcessEnv = process.env): TracingPreloadHandle | undefined {
  return startTracing({ configFile: preloadConfigFile(env), env });
}

import { Logger } from '@nestjs/common';
import type { TracingConfig } from '../config/index.js';
import { tracingPreloadHandle } from './preload.js';
import { ensureContextManager } from './runtime/otel-globals.js';
import { tracingDisabledByEnv } from './runtime/trace-destination.js';
import { TracingRuntime } from './runtime/tracing-runtime.js';
import type { TracingModuleOptions } from './tracing.module-definition.js';
import { TRACING_MESSAGES } from './tracing.messages.js';

/** What one TracingModule instance uses: the preload's runtime (leased) or one of its own (owned). */
export interface TracingBinding {
  readonly runtime?: TracingRuntime;
  readonly preloaded: boolean;
  /** At application shutdown: flush, and shut down what this app owns (or was the last to lease). */
  release(): Promise<void>;
}

const logger = new Logger('TracingModule');

/**
 * Binds to the provider the preload started (found through its documented handle on `globalThis`), or, without a
 * preload, starts a provider owned by this module instance, so that two apps in one process never share one.
 */
export async function bindTracing(config: TracingConfig, options: TracingModuleOptions): Promise<TracingBinding> {
  const handle = tracingPreloadHandle();
  if (!config.enabled || tracingDisabledByEnv(process.env)) {
    // Under the preload, the app's "off" turns its instrumentation off too, and lets go of what it held.
    const lease = handle?.acquire(config, options.exporter, options.redact);
    return { preloaded: false, release: () => lease?.release() ?? Promise.resolve() };
  }
  if (handle) {
    // The app's configuration decides the pipeline; the preload only started instrumentation early.
    const lease = handle.acquire(config, options.exporter, options.redact);
    if (lease) return { runtime: lease.runtime, preloaded: true, release: () => lease.release() };
    logger.warn(TRACING_MESSAGES.preloadClosed());
  } else {
    logger.warn(TRACING_MESSAGES.noPreload());
  }
  ensureContextManager();
  const runtime = TracingRuntime.create(config, { exporter: options.exporter, redact: options.redact });
  return { runtime, preloaded: false, release: () => runtime.shutdown() };
}

import { registerHooks } from 'node:module';
import type { LokiWorkerOptions } from './loki-protocol.js';

// Run from the TypeScript sources (the test suite, before a build), Node strips the types but does not map the
// `.js` specifiers of sibling modules to their `.ts` files; this hook does, and is never installed from dist/.
if (import.meta.url.endsWith('.ts')) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (specifier.startsWith('.') && specifier.endsWith('.js')) return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
        throw error;
      }
    },
  });
}

const { LokiDestination } = await import('./loki-destination.js');

/** thread-stream's worker calls this with the transport's options and writes every log chunk into the result. */
export default function createLokiDestination(
  options: LokiWorkerOptions & { pinoWillSendConfig?: boolean },
): InstanceType<typeof LokiDestination> {
  return new LokiDestination(options);
}

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Terminus from '@nestjs/terminus';

const load = createRequire(import.meta.url);

/**
 * Terminus's `HealthIndicatorService`, the one part of `@nestjs/terminus` the suite uses, from its own module. The
 * package's index loads all of Terminus (its module, executor, errors and every indicator): ~28 ms of startup CPU
 * on the bench machine, against ~4.5 ms for this module (docs/performance.md, "Startup"). It is the module the
 * index re-exports, and Terminus is an ES module: `require()` loads it from the cache `import` uses, so an app that
 * imports `@nestjs/terminus` itself gets the same class and the same DI token (a spec checks). Node 22.12 prints
 * its experimental-feature warning for that once, when the suite is not under node_modules, as it does for any
 * CommonJS app that requires the suite; 22.13 and later print nothing. Should a release move the module, the index
 * is loaded instead: slower, never broken.
 */
function loadHealthIndicatorService(): typeof Terminus.HealthIndicatorService {
  try {
    const file = join(dirname(load.resolve('@nestjs/terminus')), 'health-indicator', 'health-indicator.service.js');
    const service = (load(file) as Partial<typeof Terminus>).HealthIndicatorService;
    if (typeof service === 'function') return service;
  } catch {
    // Moved or renamed: the index has it.
  }
  return (load('@nestjs/terminus') as typeof Terminus).HealthIndicatorService;
}

export const HealthIndicatorService = loadHealthIndicatorService();
export type HealthIndicatorService = Terminus.HealthIndicatorService;

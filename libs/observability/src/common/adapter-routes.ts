/** Paths the suite serves on one HTTP adapter instance, kept on the instance itself (per app, never process-wide). */
const ROUTES_KEY = Symbol.for('nestjs-observability.adapter-routes');

interface AdapterWithInstance {
  getInstance?(): unknown;
}

/**
 * Claims `path` on the app's HTTP adapter; false when another module of the suite in the same app already serves
 * it (a pillar imported alone and through ObservabilityModule). Fastify refuses a duplicate route at startup and
 * express would silently serve the first, so the second claimant skips its registration.
 */
export function claimAdapterRoute(adapter: AdapterWithInstance, path: string): boolean {
  const instance = adapter.getInstance?.() as Record<symbol, Set<string> | undefined> | undefined;
  if (!instance) return true;
  const taken = (instance[ROUTES_KEY] ??= new Set<string>());
  if (taken.has(path)) return false;
  taken.add(path);
  return true;
}

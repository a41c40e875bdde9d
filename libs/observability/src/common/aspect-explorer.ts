import type { DiscoveryService } from '@nestjs/core';
import { findAspectMethods, installAspectHooks, uninstallAspectHooks, type CallHooks } from './method-wrapper.js';

/**
 * Installs an aspect's hooks (`@Metered`, `@Traced`) on every provider and controller instance of the app that has
 * methods decorated with it, and returns the instances so they can be restored at shutdown. Request-scoped and
 * transient instances are created later, per request; their methods run without the aspect.
 */
export function installAspect<M, S>(discovery: DiscoveryService, aspect: symbol, hooksFor: (options: M) => CallHooks<S>): Set<object> {
  const instrumented = new Set<object>();
  for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
    const instance: unknown = wrapper.instance;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic() || wrapper.isTransient) continue;
    for (const method of findAspectMethods<M>(instance, aspect)) {
      installAspectHooks(instance, aspect, method.methodName, hooksFor(method.options));
      instrumented.add(instance);
    }
  }
  return instrumented;
}

/** Restores the original methods of the instances {@link installAspect} instrumented. */
export function uninstallAspect(instrumented: Set<object>, aspect: symbol): void {
  for (const instance of instrumented) uninstallAspectHooks(instance, aspect);
  instrumented.clear();
}

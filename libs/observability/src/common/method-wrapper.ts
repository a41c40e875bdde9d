import { isObservable, Observable, type Subscription } from 'rxjs';
import { NOT_A_METHOD } from './common.messages.js';

/**
 * Method decorators whose behaviour needs injected services (`@Metered`, `@Traced`), the way toss/nestjs-aop does
 * it: at decoration time the method is replaced by a thin trampoline that keeps the original's name, length and
 * Reflect metadata; later an explorer installs hooks on each instance. The trampoline runs the hooks installed on
 * `this` for its aspect, or just the original when none are (an app without the pillar, a request-scoped instance).
 *
 * Controllers work because Nest's router captures the trampoline when it registers routes, which is before any
 * explorer runs: the hooks are looked up on every call, not captured.
 */

/** What an aspect does around one call. */
export interface CallHooks<S = unknown> {
  /** Runs before the call, with the call's arguments; what it returns is handed to `settle` (and `scope`). */
  start(args: readonly unknown[]): S;
  /**
   * Runs once the call returned, threw, or its promise settled. `failed` tells a thrown/rejected `undefined`
   * apart from success.
   */
  settle(state: S, error: unknown, failed: boolean): void;
  /** Runs the call inside a scope (an OpenTelemetry context, a span); must call `call` exactly once. */
  scope?(state: S, call: () => unknown): unknown;
}

/** A method carrying an aspect, as the explorer finds it. */
export interface AspectMethod<O> {
  readonly methodName: string;
  readonly options: O;
}

const HOOKS = Symbol('OBSERVABILITY:ASPECT_HOOKS');

type HookTable = Map<symbol, Map<string | symbol, CallHooks>>;
type WithHooks = { [HOOKS]?: HookTable };
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * A method decorator for `aspect` (a Symbol naming it, also the Reflect metadata key under which `options` is
 * stored on the method). Several aspects stack on one method in any order, and with Nest's own decorators.
 */
export function createAspectDecorator<O>(aspect: symbol, options: O): MethodDecorator {
  return (target, key, descriptor) => {
    const original = descriptor.value as unknown;
    if (typeof original !== 'function') {
      throw new TypeError(NOT_A_METHOD(aspect.description ?? 'aspect', String(key)));
    }
    const originalFn = original as AnyFunction;
    const trampoline = function (this: unknown, ...args: unknown[]): unknown {
      const hooks = (this as WithHooks | undefined)?.[HOOKS]?.get(aspect)?.get(key);
      return hooks ? runWithHooks(() => originalFn.apply(this, args), hooks, args) : originalFn.apply(this, args);
    };
    Object.defineProperty(trampoline, 'name', { value: originalFn.name, configurable: true });
    Object.defineProperty(trampoline, 'length', { value: originalFn.length, configurable: true });
    for (const metaKey of Reflect.getMetadataKeys(originalFn) as unknown[]) {
      Reflect.defineMetadata(metaKey, Reflect.getMetadata(metaKey, originalFn), trampoline);
    }
    Reflect.defineMetadata(aspect, options, trampoline);
    // The class is marked too, with a property keyed by the aspect's own symbol: the explorer skips an instance
    // without the mark on its prototype chain (a plain `in`) without looking at each of its methods; it looks at
    // every provider of the app, Nest's own included. Reflect's metadata lookup costs tens of µs per instance.
    if (!Object.hasOwn(target, aspect)) Object.defineProperty(target, aspect, { value: true });
    descriptor.value = trampoline as never;
    return descriptor;
  };
}

/** Every method of `instance` (own class and ancestors) decorated with `aspect`, with its options. */
export function findAspectMethods<O>(instance: object, aspect: symbol): AspectMethod<O>[] {
  const found: AspectMethod<O>[] = [];
  if (!(aspect in instance)) return found;
  const seen = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(instance) as object | null;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof descriptor?.value !== 'function') continue;
      if (!Reflect.hasMetadata(aspect, descriptor.value as object)) continue;
      found.push({ methodName: name, options: Reflect.getMetadata(aspect, descriptor.value as object) as O });
    }
  }
  return found;
}

/** Installs (or replaces: installing twice is harmless) the hooks of `aspect` for one method of one instance. */
export function installAspectHooks<S>(instance: object, aspect: symbol, methodName: string, hooks: CallHooks<S>): void {
  const target = instance as WithHooks;
  let table = target[HOOKS];
  if (!table) {
    table = new Map();
    Object.defineProperty(target, HOOKS, { value: table, enumerable: false, configurable: true });
  }
  let methods = table.get(aspect);
  if (!methods) table.set(aspect, (methods = new Map()));
  methods.set(methodName, hooks);
}

/** Removes every hook of `aspect` from `instance` (module shutdown: the instance may outlive the app). */
export function uninstallAspectHooks(instance: object, aspect: symbol): void {
  (instance as WithHooks)[HOOKS]?.delete(aspect);
}

/**
 * Calls `call` with `hooks` around it. Sync results, thrown errors, promises and RxJS Observables (what Nest
 * handlers and `@nestjs/axios` return) are all handled; the caller gets exactly what the method returned or threw
 * (the same error object, the same values), and a hook that throws is ignored.
 */
export function runWithHooks<S>(call: () => unknown, hooks: CallHooks<S>, args: readonly unknown[] = []): unknown {
  let state: S;
  try {
    state = hooks.start(args);
  } catch {
    return call();
  }
  let settled = false;
  const settle = (error: unknown, failed: boolean): void => {
    if (settled) return;
    settled = true;
    try {
      hooks.settle(state, error, failed);
    } catch {
      // Telemetry must never change what the method returns or throws.
    }
  };
  let result: unknown;
  try {
    result = hooks.scope ? hooks.scope(state, call) : call();
  } catch (error) {
    settle(error, true);
    throw error;
  }
  // Only a plain Observable is replaced: a Subject (or any subclass) is returned as is, because callers may use
  // what it adds (`next`, `value`); its call is then timed until it is returned, like a sync result.
  if (isObservable(result) && Object.getPrototypeOf(result) === Observable.prototype)
    return settleOnObservable(result, settle, hooks, state);
  if (isPromiseLike(result)) {
    return result.then(
      (value) => {
        settle(undefined, false);
        return value;
      },
      (error: unknown) => {
        settle(error, true);
        throw error;
      },
    );
  }
  settle(undefined, false);
  return result;
}

/**
 * An Observable does its work when subscribed, so the call is over when its first subscription errors, completes
 * or is unsubscribed — not when it is returned. The subscription runs inside the call's scope (the span of
 * `@Traced`), so work started by a cold Observable is the span's child. If nobody ever subscribes, the call never
 * settles: there was no work to measure.
 */
function settleOnObservable<S>(
  source: Observable<unknown>,
  settle: (error: unknown, failed: boolean) => void,
  hooks: CallHooks<S>,
  state: S,
): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const subscribe = (): Subscription =>
      source.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          settle(error, true);
          subscriber.error(error);
        },
        complete: () => {
          settle(undefined, false);
          subscriber.complete();
        },
      });
    let subscription: Subscription;
    try {
      subscription = (hooks.scope ? hooks.scope(state, subscribe) : subscribe()) as Subscription;
    } catch (error) {
      settle(error, true);
      throw error;
    }
    return () => {
      subscription.unsubscribe();
      settle(undefined, false);
    };
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function'
  );
}

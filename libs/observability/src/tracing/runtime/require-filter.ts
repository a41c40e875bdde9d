import Module, { isBuiltin } from 'node:module';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { Instrumentation } from '@opentelemetry/instrumentation';

type Require = (this: NodeJS.Module | undefined, id: string) => unknown;
const prototype = Module.prototype as unknown as { require: Require };

const NODE_MODULES = `${sep}node_modules${sep}`;

/**
 * Creates the instrumentations (`create`), registers them (`register`, which returns its undo), and narrows the
 * `require()` hook OpenTelemetry installs for them to the calls that can reach a package they patch.
 *
 * OpenTelemetry's instrumentations hook CommonJS loading with one `require-in-the-middle` hook for every module
 * name. That hook resolves each `require()` a second time, and the first time it sees a file it also resolves the
 * file's package from its directory, to tell the package's main file from the others. Every module the app loads
 * after the preload pays that: about 50 ms of startup CPU for a Nest app on the bench machine
 * (docs/performance.md, "Startup"). Only a few packages are patched (`http`, `pg`, ...): a `require()` that names
 * another package, or a path that lands outside the patched packages (the app's own files, other packages' files),
 * is passed to the `require` that was there before, as if the hook were not installed. Everything else goes
 * through the hook as before: built-in modules, the patched packages and the files inside them, and paths from a
 * caller that has no file name.
 *
 * "Before" is before `create`: an instrumentation installs the hook as soon as it is constructed.
 * Nothing is narrowed when neither step changed `require` (no instrumentation hooks it), or when an
 * instrumentation names a module by absolute path (the hook matches those by file, not by package).
 */
export function registerNarrowly<I extends Instrumentation>(
  create: () => I[],
  register: (instrumentations: I[]) => () => void,
): { instrumentations: I[]; unregister: () => void } {
  const before = prototype.require;
  const instrumentations = create();
  const unregister = register(instrumentations);
  const hooked = prototype.require;
  const packages = patchedPackages(instrumentations);
  if (hooked === before || packages === undefined) return { instrumentations, unregister };
  const narrowed: Require = function (id) {
    return (mayReach(id, this?.filename, packages) ? hooked : before).call(this, id);
  };
  prototype.require = narrowed;
  return {
    instrumentations,
    unregister: () => {
      // Left in place if something wrapped it since: taking it out would take that out too.
      if (prototype.require === narrowed) prototype.require = hooked;
      unregister();
    },
  };
}

/** The packages the instrumentations patch, by name (`pg`, `@redis/client`); undefined if one names a file path. */
export function patchedPackages(instrumentations: readonly Instrumentation[]): ReadonlySet<string> | undefined {
  const packages = new Set<string>();
  for (const instrumentation of instrumentations) {
    const definitions = (instrumentation as { getModuleDefinitions?: () => readonly { name: string }[] }).getModuleDefinitions?.();
    if (definitions === undefined) return undefined;
    for (const { name } of definitions) {
      if (isAbsolute(name)) return undefined;
      packages.add(packageOf(name));
    }
  }
  return packages;
}

/**
 * Whether `require(id)` called from the file `from` may load a module of one of `packages` (or a built-in one).
 * False only when it cannot: a package name that is not one of them, or a path that lands outside them (the
 * app's own files, other packages).
 */
export function mayReach(id: string, from: string | undefined, packages: ReadonlySet<string>): boolean {
  const first = id.charCodeAt(0);
  if (isAbsolute(id)) return patched(packageOfFile(id), packages);
  if (first === 46 /* . */ || first === 35 /* # */) {
    if (from === undefined) return true;
    // A subpath import ('#x') maps into the caller's own package; a relative path lands where it points.
    return patched(packageOfFile(first === 35 ? from : resolve(dirname(from), id)), packages);
  }
  return isBuiltin(id) || packages.has(packageOf(id));
}

function patched(owner: string | undefined, packages: ReadonlySet<string>): boolean {
  return owner !== undefined && packages.has(owner);
}

/** `pg` of `pg/lib/client.js`, `@redis/client` of `@redis/client/dist/index.js`. */
function packageOf(specifier: string): string {
  const slash = specifier.indexOf('/');
  if (slash < 0) return specifier;
  if (specifier.charCodeAt(0) !== 64 /* @ */) return specifier.slice(0, slash);
  const second = specifier.indexOf('/', slash + 1);
  return second < 0 ? specifier : specifier.slice(0, second);
}

/** The package a file belongs to, by its innermost `node_modules` directory; undefined for the app's own files. */
function packageOfFile(file: string): string | undefined {
  const at = file.lastIndexOf(NODE_MODULES);
  if (at < 0) return undefined;
  const rest = file.slice(at + NODE_MODULES.length);
  return packageOf(sep === '/' ? rest : rest.replaceAll(sep, '/'));
}

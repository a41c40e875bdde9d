/**
 * The named exports `modules` lists, each from its own module of the package's CommonJS build (`<pkg>/cjs/<path>`),
 * or all of them from the package's index when one is not where it was: slower, never broken. Used for packages
 * whose index loads far more than the configuration schema needs (class-validator.ts, class-transformer.ts). `load`
 * is `require`; a spec passes its own to see what is loaded.
 */
export function loadPackageParts<P extends object>(
  pkg: string,
  modules: { readonly [K in keyof P]: string },
  load: (id: string) => unknown,
): P & { whole: boolean } {
  try {
    const parts = {} as Record<string, unknown>;
    for (const [name, path] of Object.entries<string>(modules)) {
      const value = (load(`${pkg}/cjs/${path}`) as Record<string, unknown>)[name];
      if (typeof value !== 'function') throw new Error(`${pkg}/cjs/${path} has no ${name}`);
      parts[name] = value;
    }
    return { ...(parts as P), whole: false };
  } catch {
    return { ...(load(pkg) as P), whole: true };
  }
}

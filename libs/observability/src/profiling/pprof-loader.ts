/** The native profiler's module, as its own typings describe it. */
export type PprofModule = typeof import('@datadog/pprof');

/** Imports the native profiler; a function so that nothing touches the addon unless profiling is enabled. */
export type PprofImporter = () => Promise<PprofModule>;

export const importPprof: PprofImporter = async () => {
  const loaded = (await import('@datadog/pprof')) as PprofModule & { default?: PprofModule };
  // CommonJS seen from ESM: the named exports may only be on `default`.
  return loaded.time ? loaded : (loaded.default ?? loaded);
};

/** The module, or why it could not be loaded (missing prebuilt binary for this Node ABI, unsupported platform). */
export async function loadPprof(importer: PprofImporter): Promise<{ pprof: PprofModule } | { error: string }> {
  try {
    const pprof = await importer();
    if (typeof pprof?.time?.start !== 'function' || typeof pprof?.heap?.start !== 'function') {
      return { error: 'the module has no time and heap profilers' };
    }
    return { pprof };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.split('\n', 1)[0]!.slice(0, 300) };
  }
}

/** A decoded pprof profile, as the native profiler returns it. */
export type PprofProfile = ReturnType<PprofModule['time']['stop']>;

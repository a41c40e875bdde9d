// What the profiling-pyroscope* scenarios share: a Pyroscope stand-in in a process of its own (bench/sink-process.mjs)
// that accepts every upload and discards it, and ProfilingModule pushing to it. A variant may change the profiling
// options, the options the wall profiler is started with (`start`), leave requests unattached (`attach: false`:
// no runWithContext), or replace the wall profiler altogether (`time`).
import { ProfilingModule } from 'nestjs-observability';
import { startSink } from './sink-process.mjs';

export function pyroscopeScenario({ profiling = {}, start, attach = true, time: replacement } = {}) {
  return async function imports() {
    const endpoint = await startSink();
    const importPprof =
      start || !attach || replacement
        ? async () => {
            const pprof = (await import('@datadog/pprof')).default;
            const time = { ...pprof.time, ...replacement };
            if (start) time.start = (options) => pprof.time.start({ ...options, ...start });
            if (!attach) time.runWithContext = (_context, fn, ...args) => fn(...args);
            return { ...pprof, time };
          }
        : undefined;
    return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint, ...profiling }, importPprof })];
  };
}

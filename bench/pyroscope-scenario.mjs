// What the profiling-pyroscope* scenarios share: a Pyroscope stand-in in the server's process that accepts every
// upload and discards it, and ProfilingModule pushing to it. A variant may change the profiling options, the options
// the wall profiler is started with (`start`), or leave requests unattached (`attach: false`: no runWithContext).
import { createServer } from 'node:http';
import { ProfilingModule } from 'nestjs-observability';

export function pyroscopeScenario({ profiling = {}, start, attach = true } = {}) {
  return async function imports() {
    const sink = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
    await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sink.unref();
    const endpoint = `http://127.0.0.1:${sink.address().port}`;
    const importPprof =
      start || !attach
        ? async () => {
            const pprof = (await import('@datadog/pprof')).default;
            const time = { ...pprof.time };
            if (start) time.start = (options) => pprof.time.start({ ...options, ...start });
            if (!attach) time.runWithContext = (_context, fn, ...args) => fn(...args);
            return { ...pprof, time };
          }
        : undefined;
    return [ProfilingModule.forRoot({ profiling: { enabled: true, pyroscope_endpoint: endpoint, ...profiling }, importPprof })];
  };
}
